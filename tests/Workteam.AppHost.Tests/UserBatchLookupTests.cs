using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workteam.Contracts.Provisioning;
using Workteam.Directory;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;

namespace Workteam.AppHost.Tests;

/// <summary>
/// A batch of user events looks its accounts up in one statement before it applies them (decision 0028): an event
/// still sees what the events before it in the batch made and adopted, and an account made by hand is adopted by
/// email. Directory's own services over the shared app's database, the batch applied as its consumer does.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class UserBatchLookupTests(SharedAppHost shared)
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_of_one_batch_see_the_accounts_made_and_adopted_before_them()
    {
        using var gateway = shared.Host.CreateGatewayClient();
        var organization = await new AdminApi(gateway).SignUpAsync(CancellationToken);
        var sharedEmail = AdminApi.NewEmail("shared");
        var first = Provisioned(organization.OrganizationId, sharedEmail);
        var second = Provisioned(organization.OrganizationId, sharedEmail);
        var admin = Provisioned(organization.OrganizationId, organization.AdminEmail);

        await using var app = await DirectoryServicesAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDbContext>();
        var inbox = scope.ServiceProvider.GetRequiredService<ProvisioningInbox>();
        var users = scope.ServiceProvider.GetRequiredService<UserProvisioning>();
        UserProvisioned[] batch = [first, second, admin];
        var now = DateTimeOffset.UtcNow;
        var outcomes = new List<ProvisioningOutcome>();
        try
        {
            await inbox.RunOnceAsync(
                [.. batch.Select(e => new InboxMessage(Guid.NewGuid(), nameof(UserProvisioned), e.ResourceId))],
                async (i, token) => await users.ApplyAsync(batch[i], new FailureReports(Guid.NewGuid(), nameof(UserProvisioned), batch[i], now), token),
                done =>
                {
                    outcomes.AddRange(done);
                    return Task.CompletedTask;
                },
                CancellationToken,
                prepare: token => users.PreloadAsync(batch, token));
        }
        finally
        {
            users.ForgetPreloaded();
        }

        // The second event found the account the first one made with the email, in the same transaction.
        Assert.Empty(outcomes[0].Failures);
        var refused = Assert.Single(outcomes[1].Failures);
        Assert.Contains("belongs to another member", refused.Reason);
        Assert.Empty(outcomes[2].Failures);

        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => a.OrganizationId == organization.OrganizationId)
            .ToDictionaryAsync(a => a.ScimUserId ?? Guid.Empty, CancellationToken);
        Assert.Equal(sharedEmail, accounts[first.ResourceId].Email);
        Assert.Null(accounts[second.ResourceId].Email);
        // The admin who signed up became Entra's user: one account, the one the organization made first.
        Assert.Equal(3, accounts.Count);
        Assert.Equal(AccountRole.Admin, accounts[admin.ResourceId].Role);
        Assert.Equal(outcomes[2].AccountId, accounts[admin.ResourceId].Id);
    }

    private static UserProvisioned Provisioned(Guid organizationId, string email) => new(
        organizationId, Guid.CreateVersion7(), 1, DateTimeOffset.UtcNow,
        new ScimUserProfile(email, null, true, "Batch member", null, null, [new ScimUserEmail(email, "work", true)], null, null, null, [],
            new Dictionary<string, string>()));

    /// <summary>Directory's services, built as Directory builds them, over the shared app's database; nothing started.</summary>
    private async Task<WebApplication> DirectoryServicesAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration[$"ConnectionStrings:{DirectoryServiceExtensions.DatabaseConnectionName}"] = await shared.Host.ConnectionStringAsync("directorydb");
        builder.Configuration["ConnectionStrings:messaging"] = await shared.Host.ConnectionStringAsync("messaging");
        builder.AddDirectoryServices();
        return builder.Build();
    }
}
