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
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(5);

    /// <summary>The PATCH dialect of the requests sent from now on.</summary>
    public PatchDialect Dialect { get; set; } = options.Dialect;

    public Task<ScimResponse> GetAsync(PhaseRecorder phase, string path, CancellationToken cancellationToken) =>
        SendAsync(phase, HttpMethod.Get, path, null, [200], cancellationToken);

    /// <param name="disables">The SCIM id of the user the request disables, for the journal.</param>
    public async Task<ScimResponse> SendAsync(
        PhaseRecorder phase, HttpMethod method, string path, JsonObject? body, int[] expected, CancellationToken cancellationToken,
        string? disables = null)
    {
        var scheduled = await shaper.StartAsync(cancellationToken);
        try
        {
            options.Journal?.Starting();
            var firstSent = DateTimeOffset.UtcNow;
            var (status, text, error, resent) = await SendWithRetriesAsync(phase, method, path, body, cancellationToken);
            var asExpected = expected.Contains(status) || (resent.MayHaveApplied && AnsweredByTheFirstSending(method, status));
            var unexpected = asExpected
                ? null
                : new UnexpectedResponse(method.Method, path, string.Join(" or ", expected), status, Excerpt(error ?? text));
            phase.Record(Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds, unexpected);
            options.Journal?.Add(new JournaledRequest(method.Method, path, firstSent, DateTimeOffset.UtcNow, status,
                resent.ServerErrors, resent.Throttled, resent.Unanswered, disables));
            return new ScimResponse(status, Parse(text), asExpected);
        }
        finally
        {
            shaper.Finished();
        }
    }

    /// <summary>
    /// A request sent again after a 5xx or no answer may find its first sending applied: a create then answers 409 (the
    /// caller matches the resource again, as Entra does) and a delete 404.
    /// </summary>
    private static bool AnsweredByTheFirstSending(HttpMethod method, int status) =>
        (method == HttpMethod.Post && status == 409) || (method == HttpMethod.Delete && status == 404);

    private async Task<(int Status, string Text, string? Error, Resendings Resent)> SendWithRetriesAsync(
        PhaseRecorder phase, HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var resent = new Resendings();
        var started = Stopwatch.GetTimestamp();
        bool MayResend() => options.RetryUntilAnswered && Stopwatch.GetElapsedTime(started) < options.RetryFor;
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(baseUrl, WithFeatureFlag(path)));
            authenticate(request.Headers);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json");
            }

            string? error;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.RequestTimeout);
                using var response = await http.SendAsync(request, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                var status = (int)response.StatusCode;
                if (status == 429 && (attempt < options.ThrottleRetries || MayResend()))
                {
                    phase.RecordThrottled();
                    resent.Throttled++;
                    await Task.Delay(RetryAfter(response), cancellationToken);
                    continue;
                }

                if (status >= 500 && MayResend())
                {
                    resent.ServerErrors++;
                    await Task.Delay(BackOff(attempt), cancellationToken);
                    continue;
                }

                return (status, text, null, resent);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                && exception is HttpRequestException or OperationCanceledException)
            {
                error = exception is OperationCanceledException ? $"no answer within {options.RequestTimeout.TotalSeconds:F0} s" : exception.Message;
            }

            if (!MayResend())
            {
                return (0, "", error, resent);
            }

            resent.Unanswered++;
            await Task.Delay(BackOff(attempt), cancellationToken);
        }
    }

    /// <summary>0.5 s, 1 s, 2 s, … up to 5 s between sendings.</summary>
    private static TimeSpan BackOff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackOff.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(attempt, 10))));

    private sealed class Resendings
    {
        public int ServerErrors { get; set; }

        public int Throttled { get; set; }

        public int Unanswered { get; set; }

        /// <summary>A sending answered 5xx or not at all may have been applied; one answered 429 was not.</summary>
        public bool MayHaveApplied => ServerErrors + Unanswered > 0;
    }

    /// <summary>Entra appends the feature flag typed into the Tenant URL to every request.</summary>
    private string WithFeatureFlag(string path)
    {
        if (Dialect != PatchDialect.AadOptscim062020)
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
