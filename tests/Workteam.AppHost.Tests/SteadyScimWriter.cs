using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Keeps writing through the gateway as Entra does during a sync, from a few clients at once: it creates users and
/// renames ones it created, in both PATCH dialects, and notes every answer (or the lack of one) and how long it took.
/// </summary>
public sealed class SteadyScimWriter : IAsyncDisposable
{
    /// <summary>One request: when it started (on <see cref="Clock"/>), what it was and how it was answered (0: not at all).</summary>
    public sealed record Answer(TimeSpan Started, TimeSpan Took, string Operation, int Status, string? RetryAfter, string Body)
    {
        public TimeSpan Ended => Started + Took;

        public override string ToString() => $"{Operation} at {Started.TotalSeconds:F1} s: {Status} after {Took.TotalSeconds:F1} s, Retry-After {RetryAfter ?? "none"}: {Body}";
    }

    private readonly ScimClient _scim;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly ConcurrentBag<string> _created = [];
    private readonly Task[] _clients;

    public SteadyScimWriter(ScimClient scim, int clients = 3)
    {
        _scim = scim;
        _clients = [.. Enumerable.Range(0, clients).Select(client => Task.Run(() => WriteAsync(client)))];
    }

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public IReadOnlyCollection<Answer> Answers => _answers;

    /// <summary>The users whose creation was answered 201.</summary>
    public IReadOnlyCollection<string> Created => _created;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
        _stop.Dispose();
    }

    private async Task WriteAsync(int client)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var created = _created.ToArray();
            var (operation, send) = i % 2 == 1 && created.Length > 0 ? Rename(created[Random.Shared.Next(created.Length)], i) : Create(client, i);
            var started = Clock.Elapsed;
            try
            {
                var answer = await send(_stop.Token);
                _answers.Enqueue(new Answer(started, Clock.Elapsed - started, operation, (int)answer.Status, answer.Headers.RetryAfter?.ToString(), answer.Text));
                if (answer.Status == HttpStatusCode.Created)
                {
                    _created.Add(answer.Id);
                }

                // About the pace of Entra's incremental cycles, not a load test.
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // No answer, or one that is not SCIM: either is a failure the test reports.
                _answers.Enqueue(new Answer(started, Clock.Elapsed - started, operation, 0, null, e.Message));
            }
        }
    }

    private (string, Func<CancellationToken, Task<ScimResponse>>) Create(int client, int i)
    {
        var userName = $"steady-{client}-{i}-{Guid.NewGuid():N}@contoso.test";
        return ("POST /Users", cancellationToken => _scim.PostAsync("/Users", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}","displayName":"{{userName}}","active":true,
             "emails":[{"value":"{{userName}}","type":"work","primary":true}]}
            """, cancellationToken));
    }

    private (string, Func<CancellationToken, Task<ScimResponse>>) Rename(string user, int i)
    {
        var name = $"renamed {Guid.NewGuid():N}";
        // Entra's two PATCH dialects: with a path, and with the attribute in the value.
        var operation = i % 4 == 1 ? $$"""{"op":"Replace","path":"displayName","value":"{{name}}"}""" : $$$"""{"op":"replace","value":{"displayName":"{{{name}}}"}}""";
        return ($"PATCH /Users/{user}", cancellationToken => _scim.PatchAsync($"/Users/{user}",
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{operation}}]}""", cancellationToken));
    }
}
