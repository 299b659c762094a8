using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workteam.Contracts;

namespace Workteam.AppHost;

/// <summary>What operators see and do in the Aspire dashboard beyond logs, traces and metrics.</summary>
public static class DashboardExtensions
{
    public const string RetryFailedMessagesCommand = "retry-failed-messages";
    public const string ConsoleUrlName = "Console";
    public const string ScimBaseUrlName = "SCIM base path";
    public const string DashboardUrlKey = "Directory:DashboardUrl";

    /// <summary>The gateway's address named as what it serves: the admin console, and SCIM under <c>/scim/v2/</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithGatewayUrls(this IResourceBuilder<ProjectResource> gateway) =>
        gateway.WithUrls(context =>
        {
            if (context.Urls.FirstOrDefault(u => u.Endpoint?.EndpointName == "http") is not { } http)
            {
                return;
            }

            http.DisplayText = ConsoleUrlName;
            context.Urls.Add(new ResourceUrlAnnotation
            {
                Url = $"{http.Url.TrimEnd('/')}/scim/v2/",
                DisplayText = ScimBaseUrlName,
                Endpoint = http.Endpoint,
            });
        });

    /// <summary>
    /// <i>Retry failed messages</i>: the service moves the messages in its <c>_error</c> queues back to their queues
    /// (FailedMessageRetry in the service defaults), after the cause of the failures is fixed.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithRetryFailedMessagesCommand(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ParameterResource> serviceSecret) =>
        service.WithHttpCommand(InternalRoutes.RetryFailedMessages, "Retry failed messages", commandName: RetryFailedMessagesCommand,
            commandOptions: new HttpCommandOptions
            {
                Description = "Moves the messages in this service's _error queues back to their queues, to be consumed again.",
                IconName = "ArrowRepeatAll",
                PrepareRequest = async context =>
                {
                    var secret = await serviceSecret.Resource.GetValueAsync(context.CancellationToken);
                    context.Request.Headers.Authorization = new("Bearer", new ServiceTrust(secret!).InternalToken);
                },
                GetCommandResult = async context =>
                {
                    var body = await context.Response.Content.ReadAsStringAsync(context.CancellationToken);
                    return context.Response.IsSuccessStatusCode
                        ? CommandResults.Success(body)
                        : CommandResults.Failure($"{(int)context.Response.StatusCode}: {body}");
                },
            });

    /// <summary>
    /// Directory links each trace id of its activity page to the dashboard's trace view: <c>Directory:DashboardUrl</c>
    /// of the app host, else the address of the Aspire dashboard (the app host's first <c>ASPNETCORE_URLS</c>) when
    /// the app host runs one.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDashboardUrl(this IResourceBuilder<ProjectResource> directory, IConfiguration configuration) =>
        directory.WithEnvironment(context =>
        {
            var url = configuration[DashboardUrlKey];
            if (url is null && context.ExecutionContext.IsRunMode
                && !context.ExecutionContext.Services.GetRequiredService<DistributedApplicationOptions>().DisableDashboard)
            {
                url = configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            }

            if (!string.IsNullOrEmpty(url))
            {
                context.EnvironmentVariables[DashboardUrlKey.Replace(":", "__", StringComparison.Ordinal)] = url;
            }
        });
}
