using Workteam.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Workteam.Contracts.Provisioning;
using Workteam.ScimApi.Data;
using Workteam.ServiceDefaults.Outbox;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Apis;

/// <summary>
/// Records each SCIM request of an authenticated organization that reached ScimApi and has no lifecycle event of its
/// own, through the outbox, for the organization's provisioning activity: one Workteam refused or failed (4xx, 5xx)
/// as a <see cref="ProvisioningFailed"/> (for the failure notifications too), and a write that succeeded without
/// changing anything as a <see cref="ScimWriteUnchanged"/>. Deleting something already gone is what Entra's retries
/// do, so that 404 is not reported. The response is complete only when this returns, so recording is one attempt
/// of at most <see cref="RecordTimeout"/>, never the execution strategy's retries (up to 5 s more): while the
/// database is down the SCIM error still reaches Entra at once, and that failure goes unrecorded (it is logged).
/// </summary>
public sealed class ScimRequestRecorder(
    RequestDelegate next, IServiceScopeFactory scopes, IOptionsMonitor<OutboxOptions> outbox, TimeProvider clock, ILogger<ScimRequestRecorder> logger)
{
    public const string OrganizationItem = "Workteam.ScimOrganization";
    public const string SubjectItem = "Workteam.ScimSubject";

    /// <summary>Long enough for a save on a loaded database, short against the gateway's 30 s timeout.</summary>
    public static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(3);

    private DbContextOptions<ScimDbContext>? _oneAttempt;

    public async Task InvokeAsync(HttpContext http, ScimWrite write)
    {
        var isWrite = ScimWrite.IsWrite(http.Request.Method);
        if (isWrite)
        {
            write.Begin(http.Request.Method, outbox.CurrentValue.CarryTraceContext);
        }

        await next(http);
        var status = http.Response.StatusCode;
        if (http.Items[OrganizationItem] is not Guid organizationId
            || (status == StatusCodes.Status404NotFound && HttpMethods.IsDelete(http.Request.Method)))
        {
            return;
        }

        var operation = $"{http.Request.Method} {OperationPath(http.Request.Path.Value ?? "", organizationId)}";
        var subject = http.Items[SubjectItem] as string ?? http.GetRouteValue("id") as string;
        write.Status = status;
        if (status >= 400)
        {
            var error = http.Items[ScimResults.ErrorItem] as ScimError;
            var failure = new ProvisioningFailed(Guid.CreateVersion7(), organizationId, clock.GetUtcNow(), operation, subject, status, error?.Detail ?? $"HTTP {status}",
                FromScimRequest: true);
            await RecordAsync(failure.MessageId, failure, failure.OccurredAt, write, operation, organizationId);
        }
        else if (isWrite && write.EventsWritten == 0)
        {
            var unchanged = new ScimWriteUnchanged(Guid.CreateVersion7(), organizationId, clock.GetUtcNow(), operation, subject, status);
            await RecordAsync(unchanged.MessageId, unchanged, unchanged.OccurredAt, write, operation, organizationId);
        }
    }

    private async Task RecordAsync<TMessage>(
        Guid messageId, TMessage message, DateTimeOffset at, ScimWrite write, string operation, Guid organizationId)
        where TMessage : class
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var db = new ScimDbContext(OneAttempt(scope.ServiceProvider));
            db.AddMessage(messageId, message, at, write);
            using var timeout = new CancellationTokenSource(RecordTimeout, clock);
            await db.SaveChangesAsync(timeout.Token);
        }
        catch (Exception e) when (DatabaseUnavailable.IsCause(e))
        {
            logger.LogWarning("Could not record the SCIM request {Operation} for organization {OrganizationId}: the database is unavailable ({Error})",
                operation, organizationId, e.GetBaseException().Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the SCIM request {Operation} for organization {OrganizationId}", operation, organizationId);
        }
    }

    /// <summary>The service's database options with an execution strategy that does not retry.</summary>
    private DbContextOptions<ScimDbContext> OneAttempt(IServiceProvider services) =>
        _oneAttempt ??= new DbContextOptionsBuilder<ScimDbContext>(services.GetRequiredService<DbContextOptions<ScimDbContext>>())
            .UseNpgsql(npgsql => npgsql.ExecutionStrategy(dependencies => new NonRetryingExecutionStrategy(dependencies)))
            .Options;

    /// <summary>The path below the organization's Base URL, e.g. <c>/Users/{id}</c>.</summary>
    private static string OperationPath(string path, Guid organizationId)
    {
        var marker = $"/scim/v2/{organizationId}";
        var at = path.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? path : path[(at + marker.Length)..];
    }
}
