using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workteam.LoadTest.Load;
using Workteam.LoadTest.Reporting;

namespace Workteam.LoadTest.Scim;

/// <summary>An answer; <see cref="Body"/> is the parsed JSON body, if there was one.</summary>
internal sealed record ScimResponse(int Status, JsonElement? Body, bool AsExpected);

/// <summary>
/// One organization's SCIM endpoint as Entra calls it: every request waits for its turn from the load shaper, is
/// timed from its scheduled start, and its status is checked against what Entra expects.
/// </summary>
internal sealed class ScimClient(HttpClient http, Uri baseUrl, Action<HttpRequestHeaders> authenticate, LoadShaper shaper, LoadTestOptions options)
{
    private const int ExcerptLength = 300;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);

    public PatchDialect Dialect => options.Dialect;

    public Task<ScimResponse> GetAsync(PhaseRecorder phase, string path, CancellationToken cancellationToken) =>
        SendAsync(phase, HttpMethod.Get, path, null, [200], cancellationToken);

    public async Task<ScimResponse> SendAsync(
        PhaseRecorder phase, HttpMethod method, string path, JsonObject? body, int[] expected, CancellationToken cancellationToken)
    {
        var scheduled = await shaper.StartAsync(cancellationToken);
        try
        {
            var (status, text, error) = await SendWithRetriesAsync(phase, method, path, body, cancellationToken);
            var asExpected = expected.Contains(status);
            var unexpected = asExpected
                ? null
                : new UnexpectedResponse(method.Method, path, string.Join(" or ", expected), status, Excerpt(error ?? text));
            phase.Record(Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds, unexpected);
            return new ScimResponse(status, Parse(text), asExpected);
        }
        finally
        {
            shaper.Finished();
        }
    }

    private async Task<(int Status, string Text, string? Error)> SendWithRetriesAsync(
        PhaseRecorder phase, HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(baseUrl, WithFeatureFlag(path)));
            authenticate(request.Headers);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json");
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.RequestTimeout);
                using var response = await http.SendAsync(request, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                var status = (int)response.StatusCode;
                if (status == 429 && attempt < options.ThrottleRetries)
                {
                    phase.RecordThrottled();
                    await Task.Delay(RetryAfter(response), cancellationToken);
                    continue;
                }

                return (status, text, null);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                && exception is HttpRequestException or OperationCanceledException)
            {
                return (0, "", exception is OperationCanceledException ? $"no answer within {options.RequestTimeout.TotalSeconds:F0} s" : exception.Message);
            }
        }
    }

    /// <summary>Entra appends the feature flag typed into the Tenant URL to every request.</summary>
    private string WithFeatureFlag(string path)
    {
        if (options.Dialect != PatchDialect.AadOptscim062020)
        {
            return path;
        }

        var query = path.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? $"{path}?{ScimNames.FeatureFlag}" : $"{path[..(query + 1)]}{ScimNames.FeatureFlag}&{path[(query + 1)..]}";
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var delay = response.Headers.RetryAfter?.Delta
            ?? (int.TryParse(response.Headers.RetryAfter?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromSeconds(1));
        return delay > MaxRetryAfter ? MaxRetryAfter : delay;
    }

    private static JsonElement? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= ExcerptLength ? flat : flat[..ExcerptLength] + "…";
    }
}
