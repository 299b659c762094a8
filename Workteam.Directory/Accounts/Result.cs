namespace Workteam.Directory.Accounts;

public enum ResultKind
{
    Ok,
    Invalid,
    Conflict,
    NotFound,
    Forbidden,
    Gone,
}

/// <summary>The outcome of a directory operation: a value, or why there is none and which field caused it.</summary>
public sealed record Result<T>(ResultKind Kind, T? Value, string? Field, string? Error)
{
    public bool Succeeded => Kind == ResultKind.Ok;

    public static Result<T> Ok(T value) => new(ResultKind.Ok, value, null, null);

    public static Result<T> Invalid(string field, string error) => new(ResultKind.Invalid, default, field, error);

    public static Result<T> Conflict(string field, string error) => new(ResultKind.Conflict, default, field, error);

    public static Result<T> NotFound(string error) => new(ResultKind.NotFound, default, null, error);

    public static Result<T> Forbidden(string error) => new(ResultKind.Forbidden, default, null, error);

    public static Result<T> Gone(string error) => new(ResultKind.Gone, default, null, error);
}
