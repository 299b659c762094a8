using MassTransit;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>Applies ScimApi's group events to teams and team memberships, once per message id.</summary>
public sealed class GroupEventsConsumer(DirectoryDbContext db, ProvisioningInbox inbox, TeamProvisioning teams, ActivityLog activity, TimeProvider clock)
    : IConsumer<GroupCreated>, IConsumer<GroupRenamed>, IConsumer<GroupMembersAdded>, IConsumer<GroupMembersRemoved>, IConsumer<GroupDeleted>
{
    public Task Consume(ConsumeContext<GroupCreated> context) =>
        HandleAsync(context, (reports, cancellationToken) => teams.CreateAsync(context.Message, reports, cancellationToken));

    public Task Consume(ConsumeContext<GroupRenamed> context) =>
        HandleAsync(context, (reports, cancellationToken) => teams.RenameAsync(context.Message, reports, cancellationToken));

    public Task Consume(ConsumeContext<GroupMembersAdded> context) =>
        HandleAsync(context, (reports, cancellationToken) =>
            teams.ChangeMembersAsync(context.Message, context.Message.UserIds, present: true, reports, cancellationToken));

    public Task Consume(ConsumeContext<GroupMembersRemoved> context) =>
        HandleAsync(context, (reports, cancellationToken) =>
            teams.ChangeMembersAsync(context.Message, context.Message.UserIds, present: false, reports, cancellationToken));

    public Task Consume(ConsumeContext<GroupDeleted> context) =>
        HandleAsync(context, (reports, cancellationToken) => teams.DeleteAsync(context.Message, reports, cancellationToken));

    private Task HandleAsync<T>(ConsumeContext<T> context, Func<FailureReports, CancellationToken, Task<ProvisioningOutcome>> apply)
        where T : class, IScimResourceEvent
    {
        var messageId = ProvisioningMessageIds.Of(context);
        var now = clock.GetUtcNow();
        var reports = new FailureReports(messageId, typeof(T).Name, context.Message, now);
        return inbox.RunOnceAsync(
            new InboxMessage(messageId, typeof(T).Name, context.Message.ResourceId, context.Message.OccurredAt),
            cancellationToken => apply(reports, cancellationToken),
            async outcome =>
            {
                await activity.UpsertAsync([EventActivity.For(context, context.Message, messageId, outcome, now)], context.CancellationToken);
                db.AddReports(outcome, now);
            },
            context.CancellationToken);
    }
}
