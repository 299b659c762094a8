using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Workteam.Gateway.Scim;

/// <summary>
/// A body sent without Content-Length (chunked) can only be measured by reading it. Streamed to ScimApi, an
/// oversized one failed mid-forward, and the gateway closed the connection while the client was still sending,
/// so the client could lose the 413 to the reset. Reading it here first keeps the 413 an ordinary answer, after
/// which the server discards the rest of the body (up to <see cref="DrainLimitFactor"/> times the limit) before
/// the connection is reused or closed.
/// </summary>
public static class ChunkedBodyBuffer
{
    public const int DrainLimitFactor = 16;

    public static bool IsChunked(HttpRequest request) =>
        request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    /// <summary>
    /// Reads the whole body into memory and puts it back as a body of known length, or returns false, with the
    /// body partly read, when it is longer than <paramref name="limit"/> bytes.
    /// </summary>
    public static async Task<bool> TryBufferAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit * DrainLimitFactor;
        }

        var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (body.Length + read > limit)
                {
                    return false;
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        body.Position = 0;
        request.Body = body;
        request.ContentLength = body.Length;
        request.Headers.TransferEncoding = default;
        return true;
    }
}
