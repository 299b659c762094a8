namespace Workteam.ScimApi.Protocol.Filters;

/// <summary>Reads <c>[URI ":"] ATTRNAME ["." subAttr]</c> (RFC 7644 Figure 1) from one word of a filter or path.</summary>
internal static class AttributePathSyntax
{
    public static AttributePath Parse(FilterToken token)
    {
        var text = token.Text;
        // Schema URNs contain colons and dots (…:core:2.0:User), so the attribute starts after the last colon.
        var colon = text.LastIndexOf(':');
        var schemaUrn = colon < 0 ? null : text[..colon];
        if (schemaUrn is not null && !LooksLikeUri(schemaUrn))
        {
            throw Invalid(token, $"'{schemaUrn}' is not a schema URI");
        }

        var attribute = text[(colon + 1)..];
        var dot = attribute.IndexOf('.');
        var name = dot < 0 ? attribute : attribute[..dot];
        var subAttribute = dot < 0 ? null : attribute[(dot + 1)..];
        if (!IsAttributeName(name))
        {
            throw Invalid(token, $"'{name}' is not an attribute name");
        }

        if (subAttribute is not null && !IsAttributeName(subAttribute))
        {
            throw Invalid(token, $"'{subAttribute}' is not a sub-attribute name");
        }

        return new AttributePath(schemaUrn, name, subAttribute);
    }

    /// <summary>ATTRNAME = ALPHA *(ALPHA / DIGIT / "_" / "-"), plus a leading "$" for <c>$ref</c>.</summary>
    public static bool IsAttributeName(string text)
    {
        var name = text.StartsWith('$') ? text.AsSpan(1) : text.AsSpan();
        if (name.IsEmpty || !char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool LooksLikeUri(string text) => text.IndexOf(':') > 0 && char.IsAsciiLetter(text[0]);

    private static ScimFilterException Invalid(FilterToken token, string reason) =>
        new($"'{token.Text}' at character {token.Column} is not a valid attribute path: {reason}.");
}
