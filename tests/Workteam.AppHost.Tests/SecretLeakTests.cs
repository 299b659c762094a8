using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Workteam.AppHost.Tests;

/// <summary>An app host whose services export their traces, logs and metrics to an <see cref="OtlpReceiver"/>.</summary>
public sealed class TelemetryHost : IAsyncLifetime
{
    /// <summary>Where Directory's activity page links trace ids to (nothing answers there).</summary>
    public const string DashboardUrl = "http://dashboard.test:18888";

    public OtlpReceiver Receiver { get; } = new();

    public RunningAppHost Host { get; private set; } = null!;

    /// <summary>ScimApi's runtime settings file (<c>Workteam:RuntimeSettingsFile</c>); a test that changes it puts it back.</summary>
    public string RuntimeSettingsFile { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var dataPath = RunningAppHost.NewDataPath();
        RuntimeSettingsFile = Path.Combine(dataPath, "scimapi-runtime-settings.json");
        await WriteRuntimeSettingsAsync("{}");
        Host = await RunningAppHost.StartAsync(dataPath, builder =>
        {
            foreach (var service in builder.Resources.OfType<ProjectResource>().ToList())
            {
                builder.CreateResourceBuilder(service).WithEnvironment(context =>
                {
                    context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = Receiver.Endpoint;
                    context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                    context.EnvironmentVariables["OTEL_BLRP_SCHEDULE_DELAY"] = "500";
                    context.EnvironmentVariables["OTEL_BSP_SCHEDULE_DELAY"] = "500";
                    context.EnvironmentVariables["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
                });
            }
        }, TestContext.Current.CancellationToken, TimeSpan.FromMinutes(6), $"Directory:DashboardUrl={DashboardUrl}", $"Workteam:RuntimeSettingsFile={RuntimeSettingsFile}");
    }

    /// <summary>Replaces the runtime settings file in one step (a rename), so that ScimApi never reads half of it.</summary>
    public async Task WriteRuntimeSettingsAsync(string json)
    {
        var written = RuntimeSettingsFile + ".new";
        await File.WriteAllTextAsync(written, json);
        File.Move(written, RuntimeSettingsFile, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>
/// Bearer secrets (SCIM token, session token, invitation and password-reset codes) reach no database dump, service log or exported
/// trace or log, even when a client puts one in a URL path.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class SecretLeakTests(TelemetryHost fixture) : IClassFixture<TelemetryHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tokens_invitation_and_password_reset_codes_appear_in_no_dump_log_or_exported_telemetry()
    {
        using var gateway = fixture.Host.CreateGatewayClient();
        using var mail = fixture.Host.CreateMailClient();
        var admin = new AdminApi(gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(Cancel);
        await Scim.WaitForStatusAsync(gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(5), Cancel);
        var email = AdminApi.NewEmail("invited");
        await new ScimClient(gateway, token.BaseUrl, token.Token).CreateUserAsync(Cancel, email);
        var invitation = await Mailbox.WaitForRecipientAsync(mail, email, TimeSpan.FromSeconds(60), Cancel);
        var code = InvitationCode().Match(await Mailbox.PlainTextAsync(mail, invitation, Cancel)).Groups[1].Value;
        Assert.StartsWith("wtinv_", code);

        using var accepted = await gateway.PostAsJsonAsync("/api/invitations/accept", new { code, password = AdminApi.Password }, Cancel);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var session = await admin.SignInAsync(email, AdminApi.Password, Cancel);
        // Clients may still put secrets in paths (a link mailed before the code moved to the fragment, a token pasted
        // into a URL): those are redacted from what is exported.
        using var oldLink = await gateway.GetAsync($"/invitations/{code}", Cancel);
        Assert.Equal(HttpStatusCode.Gone, oldLink.StatusCode);
        using var tokenInPath = await gateway.GetAsync($"/api/organizations/{organization.OrganizationId}/{token.Token}", Cancel);
        // The password-reset API takes its code in the path.
        using var resetRequested = await gateway.PostAsJsonAsync("/api/password-resets", new { email = organization.AdminEmail }, Cancel);
        var resetMail = await Mailbox.WaitForRecipientAsync(mail, organization.AdminEmail, TimeSpan.FromSeconds(60), Cancel);
        var resetCode = ResetCode().Match(await Mailbox.PlainTextAsync(mail, resetMail, Cancel)).Groups[1].Value;
        Assert.StartsWith("wtpwr_", resetCode);
        using var reset = await gateway.PostAsJsonAsync($"/api/password-resets/{resetCode}", new { password = "a brand new passphrase" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        await fixture.Receiver.WaitForAsync("/v1/traces", "/api/invitations/accept", TimeSpan.FromSeconds(60));
        await fixture.Receiver.WaitForAsync("/v1/traces", "/invitations/wtinv_[redacted]", TimeSpan.FromSeconds(60));
        await fixture.Receiver.WaitForAsync("/v1/traces", $"/{token.Token[..7]}[redacted]", TimeSpan.FromSeconds(60));
        await fixture.Receiver.WaitForAsync("/v1/traces", "/api/password-resets/wtpwr_[redacted]", TimeSpan.FromSeconds(60));
        string[] secrets = [code, token.Token, session, organization.AccessToken, resetCode];
        foreach (var signal in new[] { "/v1/traces", "/v1/logs", "/v1/metrics" })
        {
            var exported = fixture.Receiver.Received(signal);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret[7..], exported));
        }

        foreach (var database in new[] { "directorydb", "scimdb", "notifierdb" })
        {
            var dump = await AdminApiTests.PgDumpAsync(await fixture.Host.ConnectionStringAsync(database));
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, dump));
        }

        foreach (var service in new[] { "gateway", "directory", "scimapi", "notifier" })
        {
            var logs = fixture.Host.LogsOf(service);
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, logs));
        }
    }

    [GeneratedRegex(@"/invitations#(wtinv_[A-Za-z0-9_\-]+)")]
    private static partial Regex InvitationCode();

    [GeneratedRegex(@"/password-reset#(wtpwr_[A-Za-z0-9_\-]+)")]
    private static partial Regex ResetCode();
}
