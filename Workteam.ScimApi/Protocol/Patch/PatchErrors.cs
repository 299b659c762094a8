namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>The RFC 7644 §3.12 errors a PATCH request can fail with (all 400).</summary>
internal static class PatchErrors
{
    public static ScimProtocolException InvalidSyntax(string detail) => new(400, "invalidSyntax", detail);

    public static ScimProtocolException InvalidPath(string detail) => new(400, "invalidPath", detail);

    public static ScimProtocolException InvalidFilter(string detail) => new(400, "invalidFilter", detail);

    public static ScimProtocolException InvalidValue(string detail) => new(400, "invalidValue", detail);

    public static ScimProtocolException NoTarget(string detail) => new(400, "noTarget", detail);

    public static ScimProtocolException Mutability(string detail) => new(400, "mutability", detail);
}
