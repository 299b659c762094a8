using Workteam.LoadTest.Scim;
using Workteam.LoadTest.Source;

namespace Workteam.LoadTest;

/// <summary>One organization under load: Workteam's side, Entra's source directory and the SCIM connection between them.</summary>
internal sealed record Tenant(ProvisionedOrganization Organization, SourceDirectory Source, ScimClient Scim)
{
    public override string ToString() => $"org {Organization.Number}";
}
