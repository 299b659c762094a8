using System.Net;

namespace Workteam.AppHost.Tests.Fuzz;

/// <summary>
/// An organization under fuzz: a sentinel user and group (the group holds the user) that must read back exactly
/// as before, and a victim user and group that requests which happen to be valid may change.
/// </summary>
internal sealed class FuzzedOrganization
{
    private FuzzedOrganization(ScimClient scim, string sentinelUser, string sentinelGroup, string victimUser, string victimGroup)
    {
        Scim = scim;
        SentinelUser = sentinelUser;
        SentinelGroup = sentinelGroup;
        VictimUser = victimUser;
        VictimGroup = victimGroup;
    }

    public ScimClient Scim { get; }

    public string SentinelUser { get; }

    public string SentinelGroup { get; }

    public string VictimUser { get; }

    public string VictimGroup { get; }

    private string SentinelUserText { get; set; } = "";

    private string SentinelGroupText { get; set; } = "";

    public static async Task<FuzzedOrganization> CreateAsync(ScimClient scim, CancellationToken cancellationToken)
    {
        var sentinelUser = (await scim.PostAsync("/Users", FuzzBodies.Users[0].Replace(FuzzBodies.UserNameMarker, "sentinel@contoso.test"), cancellationToken)).Id;
        var sentinelGroup = await scim.CreateGroupAsync(cancellationToken, "Sentinels");
        var added = await scim.PatchAsync($"/Groups/{sentinelGroup}",
            FuzzBodies.GroupPatches[1].Replace(FuzzBodies.MemberMarker, sentinelUser), cancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, added.Status);
        var organization = new FuzzedOrganization(
            scim, sentinelUser, sentinelGroup, await scim.CreateUserAsync(cancellationToken), await scim.CreateGroupAsync(cancellationToken));
        organization.SentinelUserText = await ReadAsync(scim, $"/Users/{sentinelUser}", cancellationToken);
        organization.SentinelGroupText = await ReadAsync(scim, $"/Groups/{sentinelGroup}", cancellationToken);
        return organization;
    }

    public FuzzTarget Target(IEnumerable<string> foreignIds) => new(SentinelUser, SentinelGroup, VictimUser, VictimGroup, [.. foreignIds]);

    public async Task AssertUnchangedAsync(CancellationToken cancellationToken)
    {
        Assert.Equal(SentinelUserText, await ReadAsync(Scim, $"/Users/{SentinelUser}", cancellationToken));
        Assert.Equal(SentinelGroupText, await ReadAsync(Scim, $"/Groups/{SentinelGroup}", cancellationToken));
    }

    private static async Task<string> ReadAsync(ScimClient scim, string path, CancellationToken cancellationToken)
    {
        var read = await scim.GetAsync(path, cancellationToken);
        Assert.True(read.Status == HttpStatusCode.OK, read.ToString());
        return read.Text;
    }
}
