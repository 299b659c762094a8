using Workteam.Contracts.Provisioning;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Apis;

/// <summary>
/// Reports every SCIM request of an authenticated organization that Workteam refused or failed (4xx, 5xx) as a
/// <see cref="ProvisioningFailed"/> message through the outbox, for the organization's failure notifications.
/// Deleting something already gone is what Entra's retries do, so that 404 is not reported.
/// </summary>
public sealed class ProvisioningFailureRecorder(RequestDelegate next, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ProvisioningFailureRecorder> logger)
{
    public const string OrganizationItem = "Workteam.ScimOrganization";
    public const string SubjectItem = "Workteam.ScimSubject";

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
            var db = scope.ServiceProvider.GetRequiredService<ScimDbContext>();
            db.AddMessage(failure.MessageId, failure, failure.OccurredAt);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the failed SCIM request {Operation} for organization {OrganizationId}", failure.Operation, organizationId);
        }
    }

    /// <summary>The path below the organization's Base URL, e.g. <c>/Users/{id}</c>.</summary>
    private static string OperationPath(string path, Guid organizationId)
    {
        var marker = $"/scim/v2/{organizationId}";
        var at = path.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? path : path[(at + marker.Length)..];
    }
}
