namespace Workteam.ScimApi.Protocol;

/// <summary>
/// An attribute reference as written in filters and PATCH paths (RFC 7644 §3.10):
/// <c>[schemaUrn ":"] name ["." subAttribute]</c>, e.g. <c>name.givenName</c> or
/// <c>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager</c>. Names are kept as written;
/// resolving them case-insensitively against a schema is <see cref="Schema.ScimResourceType.Resolve"/>'s job.
/// </summary>
public sealed record AttributePath(string? SchemaUrn, string Name, string? SubAttribute = null)
{
    public override string ToString() =>
        (SchemaUrn is null ? "" : SchemaUrn + ":") + Name + (SubAttribute is null ? "" : "." + SubAttribute);
}
