using MassTransit;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Activity;

/// <summary>The provisioning activity row of a lifecycle event, from the event, its headers and what applying it did.</summary>
public static class EventActivity
{
    public static ProvisioningActivity For(
        ConsumeContext context, IScimResourceEvent message, Guid messageId, ProvisioningOutcome outcome, DateTimeOffset now)
    {
        var (result, detail) = outcome.Activity();
        return For(context, message, messageId, now, result, detail, outcome.Subject, outcome.ExternalId);
    }

    public static ProvisioningActivity For(
        ConsumeContext context, IScimResourceEvent message, Guid messageId, DateTimeOffset now, ActivityOutcome outcome, string? detail,
        string? subject = null, string? externalId = null) =>
        new()
        {
            Id = messageId,
            OrganizationId = message.OrganizationId,
            At = message.OccurredAt,
            Operation = ActivityOperations.Of(message),
            ResourceType = ActivityOperations.ResourceTypeOf(message),
            ScimId = message.ResourceId,
            ExternalId = externalId ?? ExternalIdOf(message),
            Subject = subject ?? SubjectOf(message),
            Status = ScimRequestHeaders.StatusOf(context.Headers.Get<string>(ScimRequestHeaders.Request)) ?? ActivityOperations.DefaultStatus(message),
            Outcome = outcome,
            OutcomeDetail = detail,
            TraceId = ScimRequestHeaders.TraceIdOf(context.Headers.Get<string>(ScimRequestHeaders.TraceParent)),
            Source = ActivitySource.Event,
            RecordedAt = now,
        };

    private static string? SubjectOf(IScimResourceEvent message) => message switch
    {
        IScimUserStateEvent state => state.Profile.UserName,
        UserDeleted deleted => ErasedNames.DeletedUser(deleted.ResourceId),
        GroupCreated created => created.DisplayName,
        GroupRenamed renamed => renamed.DisplayName,
        _ => null,
    };

    private static string? ExternalIdOf(IScimResourceEvent message) => message switch
    {
        IScimUserStateEvent state => state.Profile.ExternalId,
        GroupCreated created => created.ExternalId,
        _ => null,
    };
}
