namespace Workteam.ScimApi.Protocol.Filters;

/// <summary>
/// Parses SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (RFC 7644 §3.5.2, Figure 7) into
/// <see cref="FilterNode"/> trees. Keywords, operators and attribute names are case-insensitive;
/// every malformed or oversized input throws <see cref="ScimFilterException"/>.
/// </summary>
public static class ScimFilterParser
{
    public const int MaxLength = 4096;

    /// <summary>Parentheses, <c>not (…)</c> and <c>[…]</c> together.</summary>
    public const int MaxNesting = 64;

    /// <summary>Attribute expressions (<c>attr op value</c> and <c>attr pr</c>) in one filter.</summary>
    public const int MaxComparisons = 200;

    public static FilterNode Parse(string filter) => new FilterSyntaxParser(filter, "filter").ParseFilter();

    public static PatchPath ParsePatchPath(string path) => new FilterSyntaxParser(path, "path").ParsePatchPath();

    /// <summary>The canonical text of a filter; parsing it gives back an equal tree.</summary>
    public static string Print(FilterNode filter) => ScimFilterPrinter.Print(filter);

    /// <summary>The canonical text of a PATCH path; parsing it gives back an equal path.</summary>
    public static string Print(PatchPath path) => ScimFilterPrinter.Print(path);
}
