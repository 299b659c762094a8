using System.Text.Json;

namespace Workteam.Directory.Apis;

/// <summary>Reads a JSON body itself, so that a malformed one gets a 400 that says what is wrong.</summary>
public static class JsonBody
{
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, string expected, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            if (await request.ReadFromJsonAsync<T>(cancellationToken) is { } body)
            {
                return (body, null);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }

        return (null, TypedResults.Problem($"The body must be a JSON object: {expected}.", statusCode: StatusCodes.Status400BadRequest));
    }
}
