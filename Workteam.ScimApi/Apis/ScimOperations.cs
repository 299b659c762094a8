namespace Workteam.ScimApi.Apis;

/// <summary>
/// The SCIM operation a request asks for, as a short fixed name ("create user", "patch group", "list users",
/// "discovery", …) for metrics: never an id.
/// </summary>
public static class ScimOperations
{
    public const string Other = "other";

    /// <summary>The operation of <paramref name="method"/> on <paramref name="path"/> (<c>/scim/v2/{organizationId}/Users/{id}</c>).</summary>
    public static string Of(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // scim, v2, the organization id, then the resource type and id.
        var below = segments.Length >= 3 && segments[0].Equals("scim", StringComparison.OrdinalIgnoreCase) ? segments[3..] : [];
        if (below.Length == 0)
        {
            return Other;
        }

        var resource = below[0].ToLowerInvariant() switch
        {
            "users" => "user",
            "groups" => "group",
            "serviceproviderconfig" or "resourcetypes" or "schemas" when HttpMethods.IsGet(method) => "discovery",
            _ => null,
        };
        return (resource, below.Length) switch
        {
            (null, _) => Other,
            ("discovery", _) => "discovery",
            (_, 1) when HttpMethods.IsGet(method) => $"list {resource}s",
            (_, 1) when HttpMethods.IsPost(method) => $"create {resource}",
            (_, 2) when HttpMethods.IsGet(method) => $"get {resource}",
            (_, 2) when HttpMethods.IsPut(method) => $"replace {resource}",
            (_, 2) when HttpMethods.IsPatch(method) => $"patch {resource}",
            (_, 2) when HttpMethods.IsDelete(method) => $"delete {resource}",
            _ => Other,
        };
    }

    /// <summary>"2xx", "4xx", "5xx", ….</summary>
    public static string StatusClass(int status) => status is >= 100 and <= 599 ? $"{status / 100}xx" : "other";
}
