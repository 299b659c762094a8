namespace Workteam.ScimApi.Protocol;

/// <summary>
/// A client error found while reading a SCIM request; it becomes an RFC 7644 §3.12 error response with
/// <see cref="Status"/>, <see cref="ScimType"/> (e.g. invalidValue, invalidSyntax, mutability) and <see cref="Detail"/>.
/// </summary>
public sealed class ScimProtocolException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string? ScimType { get; } = scimType;

    public string Detail { get; } = detail;

    public ScimError ToError() => ScimError.Create(Status, Detail, ScimType);

    internal static ScimProtocolException InvalidValue(string detail) => new(400, "invalidValue", detail);
}
