using MassTransit;
using Microsoft.EntityFrameworkCore;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Data;

namespace Workteam.Directory.Activity;

/// <summary>
/// Records the SCIM requests ScimApi answered without a lifecycle event: the ones it refused or failed, and the
/// writes that changed nothing. Only failure reports of SCIM requests are rows of their own; Directory's own reports
/// are about an event whose row already says it failed.
/// </summary>
public sealed class ScimRequestActivityConsumer(DirectoryDbContext db, ActivityLog activity, TimeProvider clock)
    : IConsumer<ProvisioningFailed>, IConsumer<ScimWriteUnchanged>
{
    public async Task Consume(ConsumeContext<ProvisioningFailed> context)
    {
        if (!context.Message.FromScimRequest)
        {
            return;
        }

        var failed = context.Message;
        var outcome = failed.Status >= 500 ? ActivityOutcome.Failed : ActivityOutcome.Refused;
        var detail = outcome == ActivityOutcome.Refused ? "Refused by ScimApi: nothing was changed." : "Nothing was changed; Entra retries this request.";
        await RecordAsync(context, failed.MessageId, failed.OrganizationId, failed.OccurredAt, failed.Operation, failed.Subject, failed.Status,
            failed.Reason, outcome, detail);
    }

    public Task Consume(ConsumeContext<ScimWriteUnchanged> context)
    {
        var unchanged = context.Message;
        return RecordAsync(context, unchanged.MessageId, unchanged.OrganizationId, unchanged.OccurredAt, unchanged.Operation, unchanged.Subject,
            unchanged.Status, null, ActivityOutcome.Applied, "No change: Workteam already had these values.");
    }

    private async Task RecordAsync(
        ConsumeContext context, Guid id, Guid organizationId, DateTimeOffset at, string operation, string? subject, int status, string? detail,
        ActivityOutcome outcome, string outcomeDetail)
    {
        var target = ActivityOperations.OfRequest(operation);
        var row = new ProvisioningActivity
        {
            Id = id,
            OrganizationId = organizationId,
            At = at,
            Operation = target.Operation,
            ResourceType = target.ResourceType,
            ScimId = target.ScimId,
            Subject = await SubjectAsync(organizationId, target, subject, context.CancellationToken),
            Status = status,
            Detail = detail,
            Outcome = outcome,
            OutcomeDetail = outcomeDetail,
            TraceId = ScimRequestHeaders.TraceIdOf(context.Headers.Get<string>(ScimRequestHeaders.TraceParent)),
            Source = ActivitySource.ScimApi,
            RecordedAt = clock.GetUtcNow(),
        };
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, context.CancellationToken))
        {
            return;
        }

        await activity.InsertNewAsync([row], context.CancellationToken);
    }

    /// <summary>The name the request gave, else the member's or team's name in Workteam (a path holds only the id).</summary>
    private async Task<string?> SubjectAsync(Guid organizationId, ScimRequestTarget target, string? given, CancellationToken cancellationToken)
    {
        if (given is not null && (target.ScimId is null || !Guid.TryParse(given, out _)))
        {
            return given;
        }

        return target switch
        {
            { ScimId: { } userId, ResourceType: ActivityOperations.User } => await db.Accounts.AsNoTracking()
                .Where(a => a.OrganizationId == organizationId && a.ScimUserId == userId)
                .Select(a => a.Deleted ? ErasedNames.DeletedUser(userId) : a.UserName ?? a.Email).SingleOrDefaultAsync(cancellationToken),
            { ScimId: { } groupId, ResourceType: ActivityOperations.Group } => await db.Teams.AsNoTracking()
                .Where(t => t.OrganizationId == organizationId && t.ScimGroupId == groupId)
                .Select(t => t.DisplayName).SingleOrDefaultAsync(cancellationToken),
            _ => given,
        };
    }
}
