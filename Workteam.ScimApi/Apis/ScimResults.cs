using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Workteam.ScimApi.Protocol;

namespace Workteam.ScimApi.Apis;

public static class ScimResults
{
    /// <summary>Key of <see cref="HttpContext.Items"/> under which a written SCIM error is kept for failure reports.</summary>
    public const string ErrorItem = "Workteam.ScimError";

    /// <summary>How long a client should wait before sending a request the database could not serve again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public static IResult Error(int status, string detail, string? scimType = null) => new ErrorResult(ScimError.Create(status, detail, scimType), status);

    /// <summary>503 with a <c>Retry-After</c> of <see cref="RetryAfter"/>: a failure that passes by itself, for the client to retry.</summary>
    public static IResult Unavailable(string detail) => new RetryLaterResult(Error(StatusCodes.Status503ServiceUnavailable, detail));

    private sealed class RetryLaterResult(IResult error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return error.ExecuteAsync(httpContext);
        }
    }

    private sealed class ErrorResult(ScimError error, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Items[ErrorItem] = error;
            return Results.Json(error, contentType: ScimError.MediaType, statusCode: status).ExecuteAsync(httpContext);
        }
    }

    public static IResult Json<T>(T body, int status = StatusCodes.Status200OK) => new BufferedJsonResult<T>(body, status);

    /// <summary>
    /// Writes the whole body before it flushes once. Serializing asynchronously flushed every few kilobytes, and each
    /// flush of a large page (100 groups with 5,000 members is 1 MB) was another round of HTTP/2 frames and thread
    /// wake-ups. The buffered bytes are fewer than the rows they are written from, which are in memory already.
    /// </summary>
    private sealed class BufferedJsonResult<T>(T body, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = ScimError.MediaType;
            var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented }))
            {
                JsonSerializer.Serialize(writer, body, options);
            }

            await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
    }
}
