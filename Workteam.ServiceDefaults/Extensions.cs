using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Workteam service shares: OpenTelemetry to the Aspire dashboard, health endpoints,
/// service discovery and standard HTTP resilience.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>A JSON file of settings the service re-reads whenever it changes; it wins over every other source.</summary>
    public const string RuntimeSettingsFileKey = "Workteam:RuntimeSettingsFile";

    // MassTransit's ActivitySource and Meter.
    private const string MassTransitSource = "MassTransit";

    /// <summary>Each service's own meter, named after it: <c>Workteam.ScimApi</c>, <c>Workteam.Directory</c>, ….</summary>
    private const string WorkteamMeters = "Workteam.*";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Settings read per use (IOptionsMonitor), such as Outbox:CarryTraceContext, change here without a restart.
        if (builder.Configuration[RuntimeSettingsFileKey] is { Length: > 0 } runtimeSettings)
        {
            builder.Configuration.AddJsonFile(runtimeSettings, optional: true, reloadOnChange: true);
        }

        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceTrust(builder.Configuration);
        builder.Services.AddNativeMemoryTrimmer();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Logs, metrics and traces go to the OTLP endpoint Aspire names (its dashboard, or a collector in production).
    /// Without one nothing is collected: otherwise every request still created and tagged activities and
    /// histogram entries that no exporter read (decision 0011).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.WithoutRequestPathScope();
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddProcessor(new SecretRedaction.LogProcessor());
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MassTransitSource)
                .AddMeter(WorkteamMeters))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(MassTransitSource)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation()
                .AddProcessor(new SecretRedaction.SpanProcessor()))
            .UseOtlpExporter();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check must pass (database, message bus, ...). <c>/alive</c>: the process answers.
    /// Both stay inside the cluster: the gateway maps its own and never forwards these paths. A service on the message
    /// bus also gets the app host's <see cref="FailedMessageRetry"/> route.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        if (app.Services.GetService<FailedMessageRetry>() is not null)
        {
            app.MapFailedMessageRetry();
        }

        return app;
    }
}
