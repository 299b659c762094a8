namespace Workteam.ScimApi.Protocol;

/// <summary>
/// Splits an attribute name as written in a request body key or an <c>attributes</c> list into an
/// <see cref="AttributePath"/>: <c>name</c>, <c>name.sub</c>, or with a schema URN prefix. The URN is everything
/// before the last colon, because URNs themselves contain dots (<c>…:2.0:User:manager</c>).
/// </summary>
internal static class AttributeNameParser
{
    public static AttributePath? Parse(string text)
    {
        text = text.Trim();
        string? schemaUrn = null;
        var rest = text;
        if (text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            var colon = text.LastIndexOf(':');
            schemaUrn = text[..colon];
            rest = text[(colon + 1)..];
        }

        var dot = rest.IndexOf('.');
        var name = dot < 0 ? rest : rest[..dot];
        var subAttribute = dot < 0 ? null : rest[(dot + 1)..];
        return name.Length == 0 || subAttribute is "" ? null : new AttributePath(schemaUrn, name, subAttribute);
    }
}
