using System.Diagnostics.Metrics;
using Workteam.ScimApi.Apis;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.ScimApi;

/// <summary>ScimApi's instruments, on the meter <c>Workteam.ScimApi</c>.</summary>
public sealed class ScimApiMetrics
{
    public const string MeterName = "Workteam.ScimApi";

    private readonly Counter<long> _requests;

    public ScimApiMetrics(IMeterFactory meters, OutboxBacklog backlog)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("workteam.scim.requests", "{request}",
            "SCIM requests ScimApi answered, by operation and status class (the gateway's refusals are counted there).");
        backlog.AddGauges(meter);
    }

    public void RequestAnswered(string method, string path, int status) =>
        _requests.Add(1,
            new KeyValuePair<string, object?>("operation", ScimOperations.Of(method, path)),
            new KeyValuePair<string, object?>("status_class", ScimOperations.StatusClass(status)));
}
