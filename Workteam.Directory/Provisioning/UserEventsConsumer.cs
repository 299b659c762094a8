using MassTransit;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Invitations;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Applies ScimApi's user events to accounts, once per message id. Provisioning events come in batches, applied
/// in one transaction (decision 0010); deactivations, reactivations and deletions one at a time from their own queue
/// (<see cref="UserAccessEventsConsumer"/>). Failures to report and alert emails go into the outbox in the same
/// transaction; invitation emails are published after it commits (their codes are never stored), and again when a
/// re-delivered message finds them unsent.
/// </summary>
public sealed class UserEventsConsumer(
    DirectoryDbContext db, ProvisioningInbox inbox, UserProvisioning users, InvitationService invitations, ActivityLog activity, TimeProvider clock, ILogger<UserEventsConsumer> logger)
    : IConsumer<Batch<UserProvisioned>>, IConsumer<Batch<UserUpdated>>, IConsumer<Batch<UserRolesChanged>>
{
    public Task Consume(ConsumeContext<Batch<UserProvisioned>> context) => ApplyBatchAsync(context);

    public Task Consume(ConsumeContext<Batch<UserUpdated>> context) => ApplyBatchAsync(context);

    public Task Consume(ConsumeContext<Batch<UserRolesChanged>> context) => ApplyBatchAsync(context);

    /// <summary>One state event on its own: a deactivation or reactivation, or a batch's event that failed among the others.</summary>
    public Task ApplyStateAsync<T>(ConsumeContext<T> context)
        where T : class, IScimUserStateEvent =>
        HandleAsync([context], (item, reports, cancellationToken) => users.ApplyAsync(item.Message, reports, cancellationToken));

    public Task DeleteAsync(ConsumeContext<UserDeleted> context) =>
        HandleAsync([context], (item, reports, cancellationToken) => users.DeleteAsync(item.Message, reports, cancellationToken));

    /// <summary>
    /// Applies the batch in one transaction. When that fails, one event may be to blame: each is then applied on
    /// its own, and one that still fails goes to the one-at-a-time queue, where it is retried and in the end
    /// faulted and reported alone, while the others are applied. A transient failure (the database unreachable) is
    /// no event's fault: it fails the whole batch, which is retried until the outage ends (the inbox skips the
    /// events already applied), rather than sending every event of the batch on its own into the same outage.
    /// </summary>
    private async Task ApplyBatchAsync<T>(ConsumeContext<Batch<T>> context)
        where T : class, IScimUserStateEvent
    {
        var items = context.Message.ToArray();
        using var batch = EventTracing.StartBatch($"apply {typeof(T).Name} batch", items);
        batch?.SetTag("workteam.batch.size", items.Length);
        try
        {
            await HandleAsync(items, (item, reports, cancellationToken) => users.ApplyAsync(item.Message, reports, cancellationToken));
        }
        catch (Exception together) when (!TransientFailures.IsTransient(together) && !context.CancellationToken.IsCancellationRequested)
        {
            foreach (var item in items)
            {
                try
                {
                    await ApplyStateAsync(item);
                }
                catch (Exception alone) when (!TransientFailures.IsTransient(alone) && !context.CancellationToken.IsCancellationRequested)
                {
                    await RecordPendingAsync(item, alone);
                    var queue = await item.GetSendEndpoint(UserEventsOneAtATimeConsumer.Queue);
                    await queue.Send(item.Message, c => c.MessageId = item.MessageId, context.CancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// An event that failed on its own waits for its retries in another queue: its activity row says so meanwhile.
    /// Only a note: the retries go ahead whether or not it could be written.
    /// </summary>
    private async Task RecordPendingAsync<T>(ConsumeContext<T> item, Exception failure)
        where T : class, IScimResourceEvent
    {
        try
        {
            var row = EventActivity.For(item, item.Message, ProvisioningMessageIds.Of(item), clock.GetUtcNow(), ActivityOutcome.Pending,
                $"Workteam could not apply this change ({failure.GetType().Name}: {failure.Message}) and is trying again.");
            await activity.InsertNewAsync([row], item.CancellationToken);
        }
        catch (Exception e) when (!item.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not record the pending activity of message {MessageId}", item.MessageId);
        }
    }

    private async Task HandleAsync<T>(
        IReadOnlyList<ConsumeContext<T>> items, Func<ConsumeContext<T>, FailureReports, CancellationToken, Task<ProvisioningOutcome>> apply)
        where T : class, IScimResourceEvent
    {
        var eventName = typeof(T).Name;
        var now = clock.GetUtcNow();
        var messageIds = items.Select(ProvisioningMessageIds.Of).ToArray();
        var reports = items.Select((item, i) => new FailureReports(messageIds[i], eventName, item.Message, now)).ToArray();
        var publisher = items[0];
        var cancellationToken = publisher.CancellationToken;
        bool[] applied;
        try
        {
            applied = await inbox.RunOnceAsync(
                [.. items.Select((item, i) => new InboxMessage(messageIds[i], eventName, item.Message.ResourceId, item.Message.OccurredAt))],
                async (i, token) =>
                {
                    using var span = EventTracing.StartFor(items[i], $"apply {eventName}");
                    var outcome = await apply(items[i], reports[i], token);
                    outcome.ActivityRow = EventActivity.For(items[i], items[i].Message, messageIds[i], outcome, now);
                    return outcome;
                },
                async outcomes =>
                {
                    await activity.UpsertAsync([.. outcomes.Select(o => o.ActivityRow!)], cancellationToken);
                    foreach (var outcome in outcomes)
                    {
                        db.AddReports(outcome, now);
                    }
                },
                cancellationToken,
                prepare: token => users.PreloadAsync([.. items.Select(item => (IScimResourceEvent)item.Message)], token));
        }
        finally
        {
            users.ForgetPreloaded();
        }

        for (var i = 0; i < items.Count; i++)
        {
            // An unsent invitation exists only when this handling created one, or when this message was handled
            // before and that handling ended between its commit and the email.
            if (!applied[i] || invitations.CreatedUnsentFor(items[i].Message.ResourceId))
            {
                using var span = EventTracing.StartFor(items[i], "send invitation");
                await invitations.SendPendingAsync(items[i].Message.OrganizationId, items[i].Message.ResourceId, items[i], cancellationToken);
            }

            if (!applied[i])
            {
                logger.LogDebug("Message {MessageId} ({EventName}) was applied before: only its unsent invitations were looked at", messageIds[i], eventName);
            }
        }
    }
}

public static class ProvisioningMessageIds
{
    /// <summary>The message id ScimApi gave (its outbox row id), else one derived from the event itself.</summary>
    public static Guid Of<T>(ConsumeContext<T> context)
        where T : class, IScimResourceEvent =>
        context.MessageId ?? DeterministicGuid.From(context.Message.ResourceId, $"{typeof(T).Name}:{context.Message.Version}");
}
