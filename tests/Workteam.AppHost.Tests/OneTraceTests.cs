using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Workteam.AppHost.Tests;

/// <summary>
/// One SCIM request is one trace, through the outbox, RabbitMQ and the consumers (decision 0020), as the services
/// export it: the gateway, ScimApi, the relay's publish, Directory applying the event and, for a new member,
/// Notifier sending the invitation; the activity log's trace id is that trace's.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class OneTraceTests(TelemetryHost fixture) : IClassFixture<TelemetryHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_create_and_its_invitation_mail_and_a_deactivation_and_its_session_revocation_are_each_one_trace()
    {
        using var gateway = fixture.Host.CreateGatewayClient();
        using var mail = fixture.Host.CreateMailClient();
        var admin = new AdminApi(gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(Cancel);
        await Scim.WaitForStatusAsync(gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(5), Cancel);
        var scim = new ScimClient(gateway, token.BaseUrl, token.Token);
        var activity = new ActivityLogApi(admin, organization);

        var email = AdminApi.NewEmail("traced");
        var userId = await scim.CreateUserAsync(Cancel, email);
        var invitation = await Mailbox.WaitForRecipientAsync(mail, email, TimeSpan.FromSeconds(60), Cancel);
        var created = TraceIdOf(await activity.RowAsync(userId, "Create user", Cancel));
        var createTrace = await TraceAsync(created, "the create's invitation is sent",
            spans => spans.Any(s => s.Service == "notifier" && s.Name == "smtp send"));
        AssertPassesThroughTheOutbox(createTrace, "apply UserProvisioned");
        Assert.Contains(createTrace, s => s.Service == "directory" && s.Name == "send invitation");
        Assert.Contains(createTrace, s => s.Service == "directory" && s.Kind == ExportedSpan.Producer);
        Assert.Contains(createTrace, s => s.Service == "notifier" && s.Kind == ExportedSpan.Consumer);

        var code = InvitationCode().Match(await Mailbox.PlainTextAsync(mail, invitation, Cancel)).Groups[1].Value;
        using (var accepted = await gateway.PostAsJsonAsync("/api/invitations/accept", new { code, password = AdminApi.Password }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        await admin.SignInAsync(email, AdminApi.Password, Cancel);
        var deactivated = await scim.PatchAsync($"/Users/{userId}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}""", Cancel);
        Assert.True(deactivated.Status == HttpStatusCode.OK, deactivated.ToString());
        var disabled = TraceIdOf(await activity.RowAsync(userId, "Disable user", Cancel));
        var deactivationTrace = await TraceAsync(disabled, "the sessions are revoked",
            spans => spans.Any(s => s.Service == "directory" && s.Name == "revoke sessions"));
        var apply = AssertPassesThroughTheOutbox(deactivationTrace, "apply UserDeactivated");
        var revoke = Assert.Single(deactivationTrace, s => s.Name == "revoke sessions");
        Assert.Equal(apply.SpanId, revoke.ParentSpanId);
        Assert.Equal("1", revoke.Attributes["workteam.sessions.revoked"]);
        Assert.NotEqual(created, disabled);

        // The activity page links each trace id to the dashboard's view of that trace.
        using var page = new HttpRequestMessage(HttpMethod.Get, $"/organization/provisioning-activity?q={userId}");
        page.Headers.Authorization = new("Bearer", organization.AccessToken);
        using var shown = await gateway.SendAsync(page, Cancel);
        var html = await shown.Content.ReadAsStringAsync(Cancel);
        Assert.True(shown.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains($"href=\"{TelemetryHost.DashboardUrl}/traces/detail/{created}\"", html);
        Assert.Contains($"href=\"{TelemetryHost.DashboardUrl}/traces/detail/{disabled}\"", html);
    }

    /// <summary>
    /// <c>Outbox:CarryTraceContext</c> switches off, without a restart, what is carried through the outbox: the row's
    /// traceparent, and with it the trace id of the request's provisioning activity and the relay's span in its trace.
    /// </summary>
    [Fact]
    public async Task Switched_off_in_the_runtime_settings_a_create_carries_no_trace_and_switched_on_again_it_does()
    {
        using var gateway = fixture.Host.CreateGatewayClient();
        var admin = new AdminApi(gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(Cancel);
        var scim = new ScimClient(gateway, token.BaseUrl, token.Token);
        var activity = new ActivityLogApi(admin, organization);

        async Task<string?> TraceIdOfANewCreateAsync()
        {
            var userId = await scim.CreateUserAsync(Cancel);
            return (await activity.RowAsync(userId, "Create user", Cancel)).GetProperty("traceId").GetString();
        }

        var carried = TraceIdOf(await activity.RowAsync(await scim.CreateUserAsync(Cancel), "Create user", Cancel));
        AssertPassesThroughTheOutbox(await TraceAsync(carried, "Directory applied the create", spans => spans.Any(s => s.Name == "apply UserProvisioned")), "apply UserProvisioned");
        try
        {
            await fixture.WriteRuntimeSettingsAsync("""{"Outbox":{"CarryTraceContext":false}}""");
            // ScimApi reads the file again a moment after it changed; creates before that still carry their trace.
            await Wait.UntilAsync(async () => await TraceIdOfANewCreateAsync() is null, "a new create's activity has no trace id", TimeSpan.FromSeconds(30), Cancel);
        }
        finally
        {
            await fixture.WriteRuntimeSettingsAsync("{}");
        }

        await Wait.UntilAsync(async () => await TraceIdOfANewCreateAsync() is not null, "a new create's activity has a trace id again", TimeSpan.FromSeconds(30), Cancel);
    }

    private static string TraceIdOf(System.Text.Json.JsonElement row) =>
        row.GetProperty("traceId").GetString() ?? throw new Xunit.Sdk.XunitException($"The activity row has no trace id: {row}");

    /// <summary>
    /// Waits until the trace's spans include what <paramref name="complete"/> looks for and form one tree (each
    /// service exports its spans in its own time), and answers them all.
    /// </summary>
    private async Task<List<ExportedSpan>> TraceAsync(string traceId, string what, Func<List<ExportedSpan>, bool> complete)
    {
        List<ExportedSpan> spans = [];
        try
        {
            await Wait.UntilAsync(() => Task.FromResult(complete(spans = [.. fixture.Receiver.Spans().Where(s => s.TraceId == traceId)]) && Unattached(spans).Count == 0),
                $"the trace {traceId} shows that {what}, in one tree", TimeSpan.FromSeconds(30), Cancel);
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message} It has: {string.Join("; ", spans)}");
        }

        return spans;
    }

    /// <summary>The spans that hang under no span of the trace, except the gateway's, where the request came in.</summary>
    private static List<ExportedSpan> Unattached(List<ExportedSpan> trace)
    {
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        return [.. trace.Where(s => !(s.Service == "gateway" && s.Kind == ExportedSpan.Server) && (s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)))];
    }

    /// <summary>
    /// The trace, one tree, goes from the gateway through ScimApi, the relay and its publish to Directory's span
    /// <paramref name="applyName"/>.
    /// </summary>
    private static ExportedSpan AssertPassesThroughTheOutbox(List<ExportedSpan> trace, string applyName)
    {
        Assert.Single(trace, s => s.Service == "gateway" && s.Kind == ExportedSpan.Server);
        Assert.Empty(Unattached(trace));
        Assert.Contains(trace, s => s.Service == "scimapi" && s.Kind == ExportedSpan.Server);
        var relay = Assert.Single(trace, s => s.Service == "scimapi" && s.Name == "outbox relay");
        Assert.Contains(trace, s => s.Service == "scimapi" && s.Scope == "MassTransit" && s.Kind == ExportedSpan.Producer && s.ParentSpanId == relay.SpanId);
        Assert.Contains(trace, s => s.Service == "directory" && s.Scope == "MassTransit" && s.Kind == ExportedSpan.Consumer);
        return Assert.Single(trace, s => s.Service == "directory" && s.Name == applyName);
    }

    [GeneratedRegex(@"/invitations#(wtinv_[A-Za-z0-9_\-]+)")]
    private static partial Regex InvitationCode();
}
