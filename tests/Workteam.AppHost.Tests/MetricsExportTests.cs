using System.Net;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Every Workteam instrument reaches the OTLP endpoint (the Aspire dashboard's metrics view in a developer's run)
/// once what it measures happened: each service's meter is exported.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class MetricsExportTests(TelemetryHost fixture) : IClassFixture<TelemetryHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_create_a_deactivation_and_a_refusal_show_in_the_exported_metrics_without_organization_ids()
    {
        using var gateway = fixture.Host.CreateGatewayClient();
        using var mail = fixture.Host.CreateMailClient();
        var scim = await ScimClient.ForNewOrganizationAsync(gateway, Cancel);
        var organizationId = scim.BaseUrl.TrimEnd('/').Split('/').Last();
        var email = AdminApi.NewEmail("metrics");
        var user = await scim.CreateUserAsync(Cancel, email);
        await Mailbox.WaitForRecipientAsync(mail, email, TimeSpan.FromSeconds(60), Cancel);
        var deactivated = await scim.PatchAsync($"/Users/{user}", """{"Operations":[{"op":"Replace","path":"active","value":false}]}""", Cancel);
        Assert.Equal(HttpStatusCode.OK, deactivated.Status);
        var refused = await new ScimClient(gateway, scim.BaseUrl, "wtscim_not-a-token").GetAsync("/Users", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);

        foreach (var text in new[]
        {
            "workteam.scim.requests", "create user", "patch user", "2xx",
            "workteam.gateway.refusals", "unknown_token",
            "workteam.provisioning.lag", "UserProvisioned", "workteam.deprovisioning.lag", "UserDeactivated",
            "workteam.provisioning.behind", "workteam.deprovisioning.held",
            "workteam.outbox.waiting", "workteam.outbox.oldest_age",
            "workteam.messaging.error_queue.messages", "user-events_error",
            "workteam.mail.messages", "sent",
        })
        {
            await fixture.Receiver.WaitForAsync("/v1/metrics", text, TimeSpan.FromSeconds(60));
        }

        Assert.DoesNotContain(organizationId, fixture.Receiver.Received("/v1/metrics"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user, fixture.Receiver.Received("/v1/metrics"), StringComparison.OrdinalIgnoreCase);
    }
}
