using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Workteam.Directory.Data;

namespace Workteam.Directory.Activity;

/// <summary>The <c>Directory:Activity</c> settings.</summary>
public sealed class ActivityOptions
{
    public const string Section = "Directory:Activity";

    /// <summary>Off only to measure what recording costs (the load benchmark's comparison run).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Writes provisioning activity rows in the caller's transaction. Rows are keyed by the message that carried
/// them, so a message handled again writes the same row again.
/// </summary>
public sealed class ActivityLog(DirectoryDbContext db, IOptions<ActivityOptions> options)
{
    public bool Enabled => options.Value.Enabled;

    /// <summary>
    /// Inserts the rows in one statement; a row already there (a Pending one, say) takes the new outcome.
    /// </summary>
    public Task UpsertAsync(IReadOnlyList<ProvisioningActivity> rows, CancellationToken cancellationToken) =>
        WriteAsync(rows, """
            ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, outcome_detail = excluded.outcome_detail,
                subject = coalesce(excluded.subject, provisioning_activity.subject)
            """, cancellationToken);

    /// <summary>Inserts the rows not recorded yet and answers how many were new.</summary>
    public Task<int> InsertNewAsync(IReadOnlyList<ProvisioningActivity> rows, CancellationToken cancellationToken) =>
        WriteAsync(rows, "ON CONFLICT (id) DO NOTHING", cancellationToken);

    /// <summary>Gives the member's rows the guard holds their final outcome, once an admin or a newer event decided.</summary>
    public Task ResolveHeldAsync(Guid organizationId, Guid scimUserId, ActivityOutcome outcome, string detail, CancellationToken cancellationToken) =>
        !Enabled ? Task.CompletedTask : db.ProvisioningActivity
            .Where(a => a.OrganizationId == organizationId && a.ScimId == scimUserId && a.Outcome == ActivityOutcome.Held)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.Outcome, outcome).SetProperty(x => x.OutcomeDetail, detail), cancellationToken);

    /// <summary>
    /// The erase rule (decision 0018): a user deleted through SCIM keeps their activity and audit rows, without the
    /// personal values the delete erased elsewhere.
    /// </summary>
    public async Task EraseUserAsync(Guid organizationId, Guid scimUserId, Guid accountId, IEnumerable<string?> personalValues, CancellationToken cancellationToken)
    {
        var label = ErasedNames.DeletedUser(scimUserId);
        await db.ProvisioningActivity.Where(a => a.OrganizationId == organizationId && a.ScimId == scimUserId)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.Subject, label).SetProperty(x => x.ExternalId, (string?)null), cancellationToken);
        await db.AuditLog.Where(e => e.OrganizationId == organizationId && e.TargetAccountId == accountId)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.Target, label), cancellationToken);
        foreach (var value in personalValues.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal))
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE provisioning_activity SET detail = replace(detail, {value}, {ErasedNames.Placeholder}),
                    outcome_detail = replace(outcome_detail, {value}, {ErasedNames.Placeholder})
                WHERE organization_id = {organizationId} AND scim_id = {scimUserId}
                """, cancellationToken);
            await db.Database.ExecuteSqlAsync($"""
                UPDATE audit_log SET detail = replace(detail, {value}, {ErasedNames.Placeholder})
                WHERE organization_id = {organizationId} AND target_account_id = {accountId}
                """, cancellationToken);
        }
    }

    private const string Insert = """
        INSERT INTO provisioning_activity (id, organization_id, at, operation, resource_type, scim_id, external_id, subject, status,
            detail, outcome, outcome_detail, trace_id, source, recorded_at)
        SELECT * FROM unnest(@id, @organization, @at, @operation, @resource_type, @scim_id, @external_id, @subject, @status,
            @detail, @outcome, @outcome_detail, @trace_id, @source, @recorded_at)

        """;

    private async Task<int> WriteAsync(IReadOnlyList<ProvisioningActivity> rows, string onConflict, CancellationToken cancellationToken)
    {
        if (!Enabled || rows.Count == 0)
        {
            return 0;
        }

        NpgsqlParameter Array<T>(string name, NpgsqlDbType type, Func<ProvisioningActivity, T> value) =>
            new(name, NpgsqlDbType.Array | type) { Value = rows.Select(value).ToArray() };

        // onConflict is one of this class's two constants; every value is a parameter.
        var sql = Insert + onConflict;
        return await db.Database.ExecuteSqlRawAsync(sql,
            [
                Array("id", NpgsqlDbType.Uuid, r => r.Id),
                Array("organization", NpgsqlDbType.Uuid, r => r.OrganizationId),
                Array("at", NpgsqlDbType.TimestampTz, r => r.At.ToUniversalTime()),
                Array("operation", NpgsqlDbType.Text, r => r.Operation),
                Array("resource_type", NpgsqlDbType.Text, r => r.ResourceType),
                Array("scim_id", NpgsqlDbType.Uuid, r => r.ScimId),
                Array("external_id", NpgsqlDbType.Text, r => r.ExternalId),
                Array("subject", NpgsqlDbType.Text, r => r.Subject),
                Array("status", NpgsqlDbType.Integer, r => r.Status),
                Array("detail", NpgsqlDbType.Text, r => r.Detail),
                Array("outcome", NpgsqlDbType.Text, r => r.Outcome.ToString()),
                Array("outcome_detail", NpgsqlDbType.Text, r => r.OutcomeDetail),
                Array("trace_id", NpgsqlDbType.Text, r => r.TraceId),
                Array("source", NpgsqlDbType.Text, r => r.Source.ToString()),
                Array("recorded_at", NpgsqlDbType.TimestampTz, r => r.RecordedAt.ToUniversalTime()),
            ],
            cancellationToken);
    }
}
