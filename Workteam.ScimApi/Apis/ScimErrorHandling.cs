using Workteam.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Data.Queries;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Filters;

namespace Workteam.ScimApi.Apis;

/// <summary>
/// Every failure leaves as a SCIM error (RFC 7644 §3.12): client mistakes with their scimType, uniqueness
/// violations the database caught as 409, bodies ASP.NET Core refused, the database unavailable as 503 with
/// Retry-After (<see cref="DatabaseUnavailable"/>), and anything unexpected as a logged 500.
/// </summary>
public sealed class ScimErrorHandling(RequestDelegate next, ILogger<ScimErrorHandling> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !(e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            var result = DatabaseUnavailable.IsCause(e) ? Unavailable(http, e) : Translate(e);
            if (result is null)
            {
                logger.LogError(e, "SCIM request {Method} {Path} failed", http.Request.Method, http.Request.Path);
                result = ScimResults.Error(StatusCodes.Status500InternalServerError, "Workteam could not complete the request. It has been logged.");
            }

            http.Response.Clear();
            await result.ExecuteAsync(http);
        }
    }

    private IResult Unavailable(HttpContext http, Exception e)
    {
        logger.LogWarning("SCIM request {Method} {Path} answered 503: the database is unavailable ({Error})",
            http.Request.Method, http.Request.Path, e.GetBaseException().Message);
        return ScimResults.Unavailable(
            "Workteam's SCIM database is unavailable for the moment (restarting, unreachable or out of space). Send the request again later.");
    }

    private static IResult? Translate(Exception e) => e switch
    {
        ScimProtocolException scim => ScimResults.Error(scim.Status, scim.Detail, scim.ScimType),
        ScimFilterException or ScimFilterUnsupportedException => ScimResults.Error(StatusCodes.Status400BadRequest, e.Message, "invalidFilter"),
        BadHttpRequestException bad => ScimResults.Error(bad.StatusCode, bad.Message, bad.StatusCode == 400 ? "invalidSyntax" : null),
        DbUpdateException { InnerException: PostgresException postgres } => Translate(postgres),
        PostgresException postgres => Translate(postgres),
        _ => null,
    };

    private static IResult? Translate(PostgresException postgres) => postgres.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => ScimResults.Error(StatusCodes.Status409Conflict, postgres.ConstraintName switch
        {
            "ux_scim_users_organization_user_name" => "userName is already in use by another user of this organization.",
            "ux_scim_groups_organization_display_name" => "displayName is already in use by another group of this organization.",
            _ => "A value is already in use.",
        }, "uniqueness"),
        PostgresErrorCodes.ForeignKeyViolation => ScimResults.Error(StatusCodes.Status400BadRequest, "The request refers to a resource that no longer exists.", "invalidValue"),
        _ => null,
    };
}
