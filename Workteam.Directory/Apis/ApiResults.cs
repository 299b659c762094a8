using Workteam.Directory.Accounts;

namespace Workteam.Directory.Apis;

public static class ApiResults
{
    /// <summary>The HTTP answer for a failed directory operation: 400, 403, 404, 409 or 410 with a problem body.</summary>
    public static IResult Problem<T>(Result<T> result) => result.Kind switch
    {
        ResultKind.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [result.Field!] = [result.Error!] }),
        ResultKind.Conflict => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status409Conflict),
        ResultKind.NotFound => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status404NotFound),
        ResultKind.Forbidden => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status403Forbidden),
        ResultKind.Gone => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status410Gone),
        _ => throw new InvalidOperationException("A successful result is not a problem."),
    };
}
