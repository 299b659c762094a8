using MassTransit;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Invitations;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Applies ScimApi's user events to accounts, once per message id. Failures to report are published before the
/// transaction commits (their ids are deterministic, so a retry repeats the same report); invitation emails
/// after it commits, and again when a re-delivered message finds them unsent.
/// </summary>
public sealed class UserEventsConsumer(ProvisioningInbox inbox, UserProvisioning users, InvitationService invitations, TimeProvider clock)
    : IConsumer<UserProvisioned>, IConsumer<UserUpdated>, IConsumer<UserReactivated>, IConsumer<UserRolesChanged>
{
    public Task Consume(ConsumeContext<UserProvisioned> context) => ApplyStateAsync(context);

    public Task Consume(ConsumeContext<UserUpdated> context) => ApplyStateAsync(context);

    public Task Consume(ConsumeContext<UserDeactivated> context) => ApplyStateAsync(context);

    public Task Consume(ConsumeContext<UserReactivated> context) => ApplyStateAsync(context);

    public Task Consume(ConsumeContext<UserRolesChanged> context) => ApplyStateAsync(context);

    public Task Consume(ConsumeContext<UserDeleted> context) =>
        HandleAsync(context, (reports, cancellationToken) => users.DeleteAsync(context.Message, reports, cancellationToken));

    private Task ApplyStateAsync<T>(ConsumeContext<T> context)
        where T : class, IScimUserStateEvent =>
        HandleAsync(context, (reports, cancellationToken) => users.ApplyAsync(context.Message, reports, cancellationToken));

    private async Task HandleAsync<T>(ConsumeContext<T> context, Func<FailureReports, CancellationToken, Task<ProvisioningOutcome>> apply)
        where T : class, IScimResourceEvent
    {
        var message = context.Message;
        var eventName = typeof(T).Name;
        var messageId = ProvisioningMessageIds.Of(context);
        var reports = new FailureReports(messageId, eventName, message, clock.GetUtcNow());
        var applied = await inbox.RunOnceAsync(
            messageId,
            eventName,
            message.ResourceId,
            cancellationToken => apply(reports, cancellationToken),
            outcome => Task.WhenAll(
                outcome.Failures.Select(f => context.Publish(f, c => c.MessageId = f.MessageId, context.CancellationToken))
                    .Concat(outcome.Emails.Select(e => context.Publish(e, c => c.MessageId = e.MessageId, context.CancellationToken)))),
            context.CancellationToken);
        // An unsent invitation exists only when this handling created one, or when this message was handled before
        // and that handling ended between its commit and the email.
        if (!applied || invitations.CreatedUnsent)
        {
            await invitations.SendPendingAsync(message.OrganizationId, message.ResourceId, context, context.CancellationToken);
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
