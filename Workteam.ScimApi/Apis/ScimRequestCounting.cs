namespace Workteam.ScimApi.Apis;

/// <summary>Counts every SCIM request ScimApi answers in <c>workteam.scim.requests</c>.</summary>
public sealed class ScimRequestCounting(RequestDelegate next, ScimApiMetrics metrics)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/scim"))
        {
            await next(http);
            return;
        }

        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(http);
            status = http.Response.StatusCode;
        }
        finally
        {
            metrics.RequestAnswered(http.Request.Method, http.Request.Path.Value ?? "", status);
        }
    }
}
