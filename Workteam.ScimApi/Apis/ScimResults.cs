using Workteam.ScimApi.Protocol;

namespace Workteam.ScimApi.Apis;

public static class ScimResults
{
    /// <summary>Key of <see cref="HttpContext.Items"/> under which a written SCIM error is kept for failure reports.</summary>
    public const string ErrorItem = "Workteam.ScimError";

    public static IResult Error(int status, string detail, string? scimType = null) => new ErrorResult(ScimError.Create(status, detail, scimType), status);

    private sealed class ErrorResult(ScimError error, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Items[ErrorItem] = error;
            return Results.Json(error, contentType: ScimError.MediaType, statusCode: status).ExecuteAsync(httpContext);
        }
    }

    public static IResult Json<T>(T body, int status = StatusCodes.Status200OK) =>
        Results.Json(body, contentType: ScimError.MediaType, statusCode: status);
}
