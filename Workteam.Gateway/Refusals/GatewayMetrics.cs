using System.Diagnostics.Metrics;
using System.Text.Json;

namespace Workteam.Gateway.Refusals;

/// <summary>The gateway's instruments, on the meter <c>Workteam.Gateway</c>.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Workteam.Gateway";

    private readonly Counter<long> _refusals;

    public GatewayMetrics(IMeterFactory meters) =>
        _refusals = meters.Create(MeterName).CreateCounter<long>("workteam.gateway.refusals", "{request}",
            "SCIM requests the gateway answered itself instead of forwarding them, by reason.");

    /// <summary>Every refusal, of any organization id, including those not recorded for an organization's activity.</summary>
    public void Refused(RefusalKind kind) =>
        _refusals.Add(1, new KeyValuePair<string, object?>("reason", Reason(kind)));

    /// <summary>The reason tag: <see cref="RefusalKind.UnknownToken"/> is <c>unknown_token</c>.</summary>
    public static string Reason(RefusalKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());
}
