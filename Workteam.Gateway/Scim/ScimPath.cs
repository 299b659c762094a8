namespace Workteam.Gateway.Scim;

public static class ScimPath
{
    /// <summary>Reads the organization from <c>/scim/v2/{organizationId}/...</c>.</summary>
    public static bool TryGetOrganization(PathString path, out Guid organizationId, out bool isScimV2)
    {
        organizationId = Guid.Empty;
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        isScimV2 = segments.Length >= 2 && segments[0].Equals("scim", StringComparison.OrdinalIgnoreCase)
            && segments[1].Equals("v2", StringComparison.OrdinalIgnoreCase);
        if (!isScimV2 || segments.Length < 3)
        {
            return false;
        }

        return Guid.TryParse(segments[2], out organizationId);
    }

    /// <summary>The path below the organization's Base URL: <c>/Users/{id}</c> of <c>/scim/v2/{organizationId}/Users/{id}</c>.</summary>
    public static string BelowBaseUrl(PathString path)
    {
        var value = (path.Value ?? "").TrimStart('/');
        var at = -1;
        for (var segment = 0; segment < 3; segment++)
        {
            at = value.IndexOf('/', at + 1);
            if (at < 0)
            {
                return "/";
            }
        }

        return value[at..];
    }
}
