namespace Workteam.ScimApi.Resources;

/// <summary>
/// The absolute URLs of one organization's SCIM resources, under the Base URL admins paste into Entra:
/// <c>{Workteam:PublicBaseUrl}/scim/v2/{organizationId}</c>.
/// </summary>
public sealed record ScimLocations(string BaseUrl)
{
    public const string PublicBaseUrlKey = "Workteam:PublicBaseUrl";

    public string Users => $"{BaseUrl}/Users";

    public string Groups => $"{BaseUrl}/Groups";

    public string User(Guid id) => $"{Users}/{id}";

    public string Group(Guid id) => $"{Groups}/{id}";

    public static ScimLocations For(HttpContext http, IConfiguration configuration, Guid organizationId)
    {
        var publicBaseUrl = configuration[PublicBaseUrlKey]?.TrimEnd('/')
            ?? $"{http.Request.Scheme}://{http.Request.Host}";
        return new ScimLocations($"{publicBaseUrl}/scim/v2/{organizationId}");
    }
}
