using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Activity;

/// <summary>
/// Records the SCIM requests the gateway refused (<c>POST /internal/scim-refusals</c>) as provisioning activity rows
/// (source Gateway, outcome Refused), keyed by the refusal's id so that a batch shipped twice is recorded once, and
/// reports each to the organization's failure digest through the outbox, in the same transaction.
/// </summary>
public sealed class GatewayRefusals(DirectoryDbContext db, TimeProvider clock)
{
    public const int MaxBatch = 1000;

    private const int MaxOperationLength = 200;

    /// <summary>What is wrong with a batch, or null when it can be recorded.</summary>
    public static string? Problem(IReadOnlyList<ScimRefusal>? refusals) =>
        refusals is null ? "The body must be a JSON array of refusals."
        : refusals.Count > MaxBatch ? $"At most {MaxBatch} refusals at once."
        : refusals.Any(r => r is null || r.Id == Guid.Empty || r.OrganizationId == Guid.Empty || string.IsNullOrEmpty(r.Method)
            || r.Path is null || r.Reason is null || r.Status is < 100 or > 599)
            ? "Every refusal needs an id, an organizationId, a method, a path, a status from 100 to 599 and a reason."
        : null;

    /// <summary>
    /// Inserts the refusals of organizations that exist and, in the same transaction, a report of each one inserted
    /// now; a refusal recorded by an earlier delivery of the batch was reported with it.
    /// </summary>
    public Task RecordAsync(IReadOnlyList<ScimRefusal> refusals, CancellationToken cancellationToken) =>
        refusals.Count == 0 ? Task.CompletedTask : db.InTransactionAsync(token => InsertAndReportAsync(refusals, token), cancellationToken);

    private async Task InsertAndReportAsync(IReadOnlyList<ScimRefusal> refusals, CancellationToken cancellationToken)
    {
        var rows = refusals.Select(Row).ToList();
        var ids = rows.Select(r => r.Id).ToArray();
        var organizations = rows.Select(r => r.OrganizationId).ToArray();
        var at = rows.Select(r => r.At.ToUniversalTime()).ToArray();
        var operations = rows.Select(r => r.Operation).ToArray();
        var resourceTypes = rows.Select(r => r.ResourceType).ToArray();
        var scimIds = rows.Select(r => r.ScimId).ToArray();
        var statuses = rows.Select(r => r.Status).ToArray();
        var details = rows.Select(r => r.Detail).ToArray();
        var traceIds = rows.Select(r => r.TraceId).ToArray();
        var inserted = await db.Database.SqlQuery<Guid>($"""
            INSERT INTO provisioning_activity (id, organization_id, at, operation, resource_type, scim_id, status, detail, outcome, trace_id, source, recorded_at)
            SELECT r.id, r.organization_id, r.at, r.operation, r.resource_type, r.scim_id, r.status, r.detail,
                   {nameof(ActivityOutcome.Refused)}, r.trace_id, {nameof(ActivitySource.Gateway)}, {clock.GetUtcNow()}
            FROM unnest({ids}, {organizations}, {at}, {operations}, {resourceTypes}, {scimIds}, {statuses}, {details}, {traceIds})
                AS r(id, organization_id, at, operation, resource_type, scim_id, status, detail, trace_id)
            WHERE EXISTS (SELECT 1 FROM organizations o WHERE o.id = r.organization_id)
            ON CONFLICT (id) DO NOTHING
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        foreach (var refusal in refusals.Where(r => inserted.Contains(r.Id)))
        {
            db.AddReport(new ProvisioningFailed(refusal.Id, refusal.OrganizationId, refusal.At, $"{refusal.Method} {refusal.Path}", null, refusal.Status, refusal.Reason), now);
        }
    }

    /// <summary>The activity row of a refusal: what it asked for ("Update user"), the resource type and SCIM id its path names.</summary>
    public static ProvisioningActivity Row(ScimRefusal refusal)
    {
        var target = ActivityOperations.OfRequest(refusal.Method, refusal.Path);
        return new ProvisioningActivity
        {
            Id = refusal.Id,
            OrganizationId = refusal.OrganizationId,
            At = refusal.At,
            Operation = target.Operation.Length > MaxOperationLength ? target.Operation[..(MaxOperationLength - 1)] + "…" : target.Operation,
            ResourceType = target.ResourceType,
            ScimId = target.ScimId,
            Status = refusal.Status,
            Detail = refusal.Reason,
            Outcome = ActivityOutcome.Refused,
            TraceId = refusal.TraceId is { Length: <= 32 } traceId ? traceId : null,
            Source = ActivitySource.Gateway,
        };
    }
}
