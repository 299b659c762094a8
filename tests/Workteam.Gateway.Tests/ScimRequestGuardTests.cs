using System.Net;
using Microsoft.AspNetCore.Http;
using Workteam.Gateway.Scim;

namespace Workteam.Gateway.Tests;

public sealed class ScimRequestGuardTests
{
    private static readonly Guid OrganizationA = Guid.CreateVersion7();
    private static readonly Guid OrganizationB = Guid.CreateVersion7();
    private static readonly IPAddress SharedAddress = IPAddress.Parse("40.126.0.10");

    [Fact]
    public async Task Bad_tokens_of_one_organization_use_up_only_that_organizations_budget_and_a_valid_token_is_never_refused()
    {
        using var directory = new FakeDirectory(new ScimGatewayOptions { FailedAuthenticationsPerMinute = 5 });
        directory.Credentials = () => FakeDirectory.Snapshot("v1", (OrganizationA, Guid.CreateVersion7(), "wtscim_a"), (OrganizationB, Guid.CreateVersion7(), "wtscim_b"));
        Assert.True(await directory.Refresher.RefreshIfNotSinceAsync(directory.Clock.GetUtcNow(), TestContext.Current.CancellationToken));

        var refused = new List<int>();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            refused.Add((await SendAsync(directory, OrganizationA, "wtscim_revoked")).Status);
        }

        Assert.Equal(Enumerable.Repeat(401, 5).Concat(Enumerable.Repeat(429, 15)), refused);
        Assert.Equal((200, true), await SendAsync(directory, OrganizationB, "wtscim_b"));
        Assert.Equal((200, true), await SendAsync(directory, OrganizationA, "wtscim_a"));
        Assert.Equal(401, (await SendAsync(directory, OrganizationB, "wtscim_wrong")).Status);
    }

    [Fact]
    public async Task Credentials_older_than_the_staleness_limit_get_503_until_directory_answers_again()
    {
        var limit = TimeSpan.FromMinutes(5);
        using var directory = new FakeDirectory(new ScimGatewayOptions { CredentialStalenessLimit = limit });
        directory.Credentials = () => FakeDirectory.Snapshot("v1", (OrganizationA, Guid.CreateVersion7(), "wtscim_a"));
        Assert.True(await directory.Refresher.RefreshIfNotSinceAsync(directory.Clock.GetUtcNow(), TestContext.Current.CancellationToken));
        directory.Credentials = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        directory.Clock.Advance(limit - TimeSpan.FromSeconds(1));
        Assert.False(await directory.Refresher.RefreshIfNotSinceAsync(directory.Clock.GetUtcNow(), TestContext.Current.CancellationToken));
        Assert.Equal((200, true), await SendAsync(directory, OrganizationA, "wtscim_a"));

        directory.Clock.Advance(TimeSpan.FromSeconds(2));
        var (status, forwarded) = await SendAsync(directory, OrganizationA, "wtscim_a");
        Assert.Equal((503, false), (status, forwarded));

        directory.Credentials = () => new HttpResponseMessage(HttpStatusCode.NotModified);
        Assert.True(await directory.Refresher.RefreshIfNotSinceAsync(directory.Clock.GetUtcNow(), TestContext.Current.CancellationToken));
        Assert.Equal((200, true), await SendAsync(directory, OrganizationA, "wtscim_a"));
    }

    private static async Task<(int Status, bool Forwarded)> SendAsync(FakeDirectory directory, Guid organizationId, string token)
    {
        var (context, forwarded) = await directory.SendAsync(organizationId, token, SharedAddress);
        return (context.Response.StatusCode, forwarded);
    }
}
