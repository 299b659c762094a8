namespace Workteam.Contracts;

/// <summary>Routes of the services that only the app host and the other services call, with the service token.</summary>
public static class InternalRoutes
{
    /// <summary>Moves the messages in a service's <c>_error</c> queues back to their queues.</summary>
    public const string RetryFailedMessages = "/internal/failed-messages/retry";
}
