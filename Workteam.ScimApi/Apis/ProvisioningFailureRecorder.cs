using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Workteam.Contracts.Provisioning;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Apis;

/// <summary>
/// Reports every SCIM request of an authenticated organization that Workteam refused or failed (4xx, 5xx) as a
/// <see cref="ProvisioningFailed"/> message through the outbox, for the organization's failure notifications.
/// Deleting something already gone is what Entra's retries do, so that 404 is not reported.
/// The response is complete only when this returns, so recording is one attempt of at most
/// <see cref="RecordTimeout"/>, never the execution strategy's retries (about a minute): while the database is
/// down the SCIM error still reaches Entra at once, and that failure goes unreported (it is logged).
/// </summary>
public sealed class ProvisioningFailureRecorder(RequestDelegate next, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ProvisioningFailureRecorder> logger)
{
    public const string OrganizationItem = "Workteam.ScimOrganization";
    public const string SubjectItem = "Workteam.ScimSubject";

    /// <summary>Long enough for a save on a loaded database, short against the gateway's 30 s timeout.</summary>
    public static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(3);

    private DbContextOptions<ScimDbContext>? _oneAttempt;

    public async Task InvokeAsync(HttpContext http)
    {
        await next(http);
        var status = http.Response.StatusCode;
        if (status < 400 || http.Items[OrganizationItem] is not Guid organizationId
            || (status == StatusCodes.Status404NotFound && HttpMethods.IsDelete(http.Request.Method)))
        {
            return;
        }

        var error = http.Items[ScimResults.ErrorItem] as ScimError;
        var failure = new ProvisioningFailed(
            Guid.CreateVersion7(),
            organizationId,
            clock.GetUtcNow(),
            $"{http.Request.Method} {OperationPath(http.Request.Path.Value ?? "", organizationId)}",
            http.Items[SubjectItem] as string ?? http.GetRouteValue("id") as string,
            status,
            error?.Detail ?? $"HTTP {status}");
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var db = new ScimDbContext(OneAttempt(scope.ServiceProvider));
            db.AddMessage(failure.MessageId, failure, failure.OccurredAt);
            using var timeout = new CancellationTokenSource(RecordTimeout, clock);
            await db.SaveChangesAsync(timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the failed SCIM request {Operation} for organization {OrganizationId}", failure.Operation, organizationId);
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
