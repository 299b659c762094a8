using System.Globalization;

namespace Workteam.ScimApi.Resources;

internal static class ScimTimestamps
{
    /// <summary>xsd:dateTime in UTC with milliseconds, as in RFC 7643's examples.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The weak ETag of a resource version, also its <c>meta.version</c>.</summary>
    public static string ETag(long version) => $"W/\"{version}\"";

    /// <summary>Truncated to microseconds, what PostgreSQL stores, so a re-read resource has the same meta.</summary>
    public static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
