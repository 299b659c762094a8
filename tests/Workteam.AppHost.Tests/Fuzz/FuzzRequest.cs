using System.Text;

namespace Workteam.AppHost.Tests.Fuzz;

/// <summary>
/// One generated request, relative to an organization's Base URL (<see cref="Path"/> is already escaped).
/// <see cref="Expected"/> is set when exactly one status is right for it.
/// </summary>
public sealed record FuzzRequest(string Kind, HttpMethod Method, string Path, byte[]? Body = null)
{
    public string? ContentType { get; init; } = "application/scim+json";

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    /// <summary>Sent without a Content-Length, so the gateway finds out the size while forwarding.</summary>
    public bool Chunked { get; init; }

    public int? Expected { get; init; }

    public static FuzzRequest Json(string kind, HttpMethod method, string path, string json) => new(kind, method, path, Encoding.UTF8.GetBytes(json));

    public override string ToString()
    {
        var headers = string.Concat(Headers.Select(h => $" [{h.Name}: {h.Value}]"));
        var body = Body is null ? "" : $" ({Body.Length} bytes, {ContentType ?? "no content type"}{(Chunked ? ", chunked" : "")}) "
            + Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 240)).ReplaceLineEndings(" ");
        return $"{Kind}: {Method} {Truncate(Path)}{headers}{body}";
    }

    private static string Truncate(string text) => text.Length <= 240 ? text : $"{text[..240]}… ({text.Length} characters)";
}

/// <summary>What the fuzzer may aim at in one organization.</summary>
/// <param name="SentinelUser">Must not change: only read, or written with bodies or preconditions that must fail.</param>
/// <param name="SentinelGroup">Must not change either; its only member is the sentinel user.</param>
/// <param name="VictimUser">May be changed by requests that happen to be valid.</param>
/// <param name="VictimGroup">May be changed too.</param>
/// <param name="ForeignIds">Other organizations' sentinel user and group ids: never found here.</param>
public sealed record FuzzTarget(string SentinelUser, string SentinelGroup, string VictimUser, string VictimGroup, IReadOnlyList<string> ForeignIds);
