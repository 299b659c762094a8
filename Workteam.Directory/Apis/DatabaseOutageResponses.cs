using Workteam.ServiceDefaults;

namespace Workteam.Directory.Apis;

/// <summary>
/// A request Directory cannot serve because its database is down (restarting, unreachable, out of space) is answered
/// 503 with Retry-After, as ScimApi answers Entra: problem details for the API, a short page for the console. It runs
/// before authentication, which reads the session from the database.
/// </summary>
public sealed class DatabaseOutageResponses(RequestDelegate next, ILogger<DatabaseOutageResponses> logger)
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    private const string Detail = "Workteam's directory database is unavailable for the moment (restarting, unreachable or out of space). Try again in a few seconds.";

    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && DatabaseUnavailable.IsCause(e)
            && !(e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            logger.LogWarning("{Method} {Path} answered 503: the database is unavailable ({Error})",
                http.Request.Method, http.Request.Path, e.GetBaseException().Message);
            http.Response.Clear();
            http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var answer = http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/internal")
                ? Results.Problem(Detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable")
                : Results.Content($"<!doctype html><title>Workteam is unavailable</title><p>{Detail}</p>", "text/html", statusCode: StatusCodes.Status503ServiceUnavailable);
            await answer.ExecuteAsync(http);
        }
    }
}
