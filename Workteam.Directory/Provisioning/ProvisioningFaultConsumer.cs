using MassTransit;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Tells the organization's admins about a SCIM event Directory gave up on after its retries (the message waits
/// in the <c>_error</c> queue), as a <see cref="ProvisioningFailed"/> written to the outbox with its activity row.
/// </summary>
public sealed class ProvisioningFaultConsumer(DirectoryDbContext db, ActivityLog activity, TimeProvider clock)
    : IConsumer<Fault<UserProvisioned>>, IConsumer<Fault<UserUpdated>>, IConsumer<Fault<UserDeactivated>>, IConsumer<Fault<UserReactivated>>,
        IConsumer<Fault<UserRolesChanged>>, IConsumer<Fault<UserDeleted>>, IConsumer<Fault<GroupCreated>>, IConsumer<Fault<GroupRenamed>>,
        IConsumer<Fault<GroupMembersAdded>>, IConsumer<Fault<GroupMembersRemoved>>, IConsumer<Fault<GroupDeleted>>
{
    public Task Consume(ConsumeContext<Fault<UserProvisioned>> context) => ReportAsync(context, "Users", (context.Message.Message.Profile.UserName));

    public Task Consume(ConsumeContext<Fault<UserUpdated>> context) => ReportAsync(context, "Users", context.Message.Message.Profile.UserName);

    public Task Consume(ConsumeContext<Fault<UserDeactivated>> context) => ReportAsync(context, "Users", context.Message.Message.Profile.UserName);

    public Task Consume(ConsumeContext<Fault<UserReactivated>> context) => ReportAsync(context, "Users", context.Message.Message.Profile.UserName);

    public Task Consume(ConsumeContext<Fault<UserRolesChanged>> context) => ReportAsync(context, "Users", context.Message.Message.Profile.UserName);

    public Task Consume(ConsumeContext<Fault<UserDeleted>> context) => ReportAsync(context, "Users", null);

    public Task Consume(ConsumeContext<Fault<GroupCreated>> context) => ReportAsync(context, "Groups", context.Message.Message.DisplayName);

    public Task Consume(ConsumeContext<Fault<GroupRenamed>> context) => ReportAsync(context, "Groups", context.Message.Message.DisplayName);

    public Task Consume(ConsumeContext<Fault<GroupMembersAdded>> context) => ReportAsync(context, "Groups", null);

    public Task Consume(ConsumeContext<Fault<GroupMembersRemoved>> context) => ReportAsync(context, "Groups", null);

    public Task Consume(ConsumeContext<Fault<GroupDeleted>> context) => ReportAsync(context, "Groups", null);

    private async Task ReportAsync<T>(ConsumeContext<Fault<T>> context, string resourceType, string? subject)
        where T : class, IScimResourceEvent
    {
        var fault = context.Message;
        var message = fault.Message;
        var exception = fault.Exceptions.FirstOrDefault();
        var reason = $"Workteam could not apply this change after several attempts ({exception?.ExceptionType ?? "unknown error"}: "
            + $"{exception?.Message ?? "no details"}). It is kept for support; Entra's next change to this {resourceType[..^1].ToLowerInvariant()} will apply its newest state.";
        var failed = new ProvisioningFailed(
            DeterministicGuid.From(fault.FaultedMessageId ?? fault.FaultId, "fault"),
            message.OrganizationId,
            clock.GetUtcNow(),
            $"{typeof(T).Name} /{resourceType}/{message.ResourceId}",
            subject,
            500,
            reason);
        var messageId = fault.FaultedMessageId ?? DeterministicGuid.From(message.ResourceId, $"{typeof(T).Name}:{message.Version}");
        var row = EventActivity.For(context, message, messageId, clock.GetUtcNow(), ActivityOutcome.Failed, reason);
        await db.InTransactionAsync(async cancellationToken =>
        {
            await activity.UpsertAsync([row], cancellationToken);
            await db.AddReportOnceAsync(failed, clock.GetUtcNow(), cancellationToken);
        }, context.CancellationToken);
    }
}
