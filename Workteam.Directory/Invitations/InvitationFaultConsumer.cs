using MassTransit;
using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Invitations;

/// <summary>
/// An invitation email Notifier gave up on after its retries (the <c>SendEmail</c> waits in its <c>_error</c> queue)
/// is a provisioning failure: the invitation is marked undelivered, the member's activity shows it as Failed and the
/// organization's admins get it in their failure digest, all in one transaction. An admin then resends the
/// invitation. Faults of other emails (password resets, guard alerts) are not about provisioning and are left alone.
/// </summary>
public sealed class InvitationFaultConsumer(DirectoryDbContext db, ActivityLog activity, TimeProvider clock, ILogger<InvitationFaultConsumer> logger)
    : IConsumer<Fault<SendEmail>>
{
    public const int Status = 502;

    public async Task Consume(ConsumeContext<Fault<SendEmail>> context)
    {
        var emailId = context.Message.Message.MessageId;
        var exception = context.Message.Exceptions.FirstOrDefault();
        await db.InTransactionAsync(async cancellationToken =>
        {
            var found = await (
                from i in db.Invitations
                join a in db.Accounts on i.AccountId equals a.Id
                where i.Id == emailId
                select new { Invitation = i, Member = a }).SingleOrDefaultAsync(cancellationToken);
            if (found is null)
            {
                logger.LogDebug("Email {MessageId} was given up on; it is no invitation", emailId);
                return;
            }

            var (invitation, member) = (found.Invitation, found.Member);
            var now = clock.GetUtcNow();
            invitation.DeliveryFailedAt ??= now;
            var reason = $"The invitation email to {invitation.Email} could not be delivered after several attempts "
                + $"({exception?.ExceptionType ?? "unknown error"}: {exception?.Message ?? "no details"}). "
                + "Resend the invitation from the member's page once the mail server accepts mail again.";
            var reportId = DeterministicGuid.From(invitation.Id, "invitation-undelivered");
            await activity.InsertNewAsync([new ProvisioningActivity
            {
                Id = reportId,
                OrganizationId = member.OrganizationId,
                At = now,
                Operation = "Invitation email",
                ResourceType = "User",
                ScimId = member.ScimUserId,
                ExternalId = member.ExternalId,
                Subject = member.UserName ?? invitation.Email,
                Status = Status,
                Outcome = ActivityOutcome.Failed,
                OutcomeDetail = reason,
                Source = ActivitySource.Event,
                RecordedAt = now,
            }], cancellationToken);
            await db.AddReportOnceAsync(
                new ProvisioningFailed(reportId, member.OrganizationId, now, $"Invitation email /Users/{member.ScimUserId}", member.UserName ?? invitation.Email, Status, reason),
                now, cancellationToken);
        }, context.CancellationToken);
    }
}

public sealed class InvitationFaultConsumerDefinition : ConsumerDefinition<InvitationFaultConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<InvitationFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        ProvisioningRetry.Configure(endpointConfigurator);
}
