namespace Workteam.ScimApi.Protocol;

public static class ScimResults
{
    public static IResult Error(int status, string detail, string? scimType = null) =>
        Results.Json(ScimError.Create(status, detail, scimType), contentType: ScimError.MediaType, statusCode: status);

    public static IResult Json<T>(T body, int status = StatusCodes.Status200OK) =>
        Results.Json(body, contentType: ScimError.MediaType, statusCode: status);
}
