using Workteam.ScimApi.Protocol;

namespace Workteam.ScimApi.Resources;

/// <summary>RFC 7644 §3.14: <c>If-Match</c> on writes; a stale or unknown version gets 412.</summary>
public static class Preconditions
{
    public static void CheckIfMatch(string? ifMatch, long version)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return;
        }

        var current = ScimTimestamps.ETag(version);
        var matches = ifMatch.Split(',').Select(t => t.Trim()).Any(tag => tag == "*" || tag == current || $"W/{tag}" == current);
        if (!matches)
        {
            throw new ScimProtocolException(412, null, $"The resource has changed: its version is {current}, not {ifMatch}.");
        }
    }

    public static bool NoneMatch(string? ifNoneMatch, long version) =>
        !string.IsNullOrWhiteSpace(ifNoneMatch)
        && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(tag => tag == "*" || tag == ScimTimestamps.ETag(version) || $"W/{tag}" == ScimTimestamps.ETag(version));
}
