using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps Workteam's bearer secrets (SCIM tokens, session tokens, invitation and password-reset codes, all with a
/// recognisable prefix) out of exported telemetry. Secrets never travel in URL paths by design; this is the defence
/// for the paths clients send anyway (an old invitation link, a client putting a token in the URL): every span's name
/// and string tags, and every log record's message and attributes, are redacted before export.
/// </summary>
public static partial class SecretRedaction
{
    public const string Redacted = "[redacted]";

    /// <summary>The text with every Workteam secret replaced by its prefix and <see cref="Redacted"/>.</summary>
    public static string Redact(string text) =>
        text.Contains("wt", StringComparison.Ordinal) ? Secret().Replace(text, "${prefix}" + Redacted) : text;

    [GeneratedRegex("(?<prefix>wt(?:scim|ses|inv|pwr)_)(?:[A-Za-z0-9_\\-]|%2D|%5F)+")]
    private static partial Regex Secret();

    /// <summary>Redacts span names and string tags when the span ends, before any exporter reads it.</summary>
    public sealed class SpanProcessor : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            data.DisplayName = Redact(data.DisplayName);
            foreach (var (key, value) in data.TagObjects.ToList())
            {
                if (value is string text && Redact(text) is var redacted && redacted != text)
                {
                    data.SetTag(key, redacted);
                }
            }
        }
    }

    /// <summary>Redacts log messages and attributes before export.</summary>
    public sealed class LogProcessor : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            if (data.FormattedMessage is { } message)
            {
                data.FormattedMessage = Redact(message);
            }

            if (data.Body is { } body)
            {
                data.Body = Redact(body);
            }

            if (data.Attributes is { } attributes)
            {
                data.Attributes = [.. attributes.Select(a => a.Value is string text ? new KeyValuePair<string, object?>(a.Key, Redact(text)) : a)];
            }
        }
    }

    /// <summary>
    /// The request log scope of ASP.NET Core carries the raw request path into every log line of a request, where no
    /// processor can change it: it is switched off (spans carry the request and trace ids instead).
    /// </summary>
    public static ILoggingBuilder WithoutRequestPathScope(this ILoggingBuilder logging) =>
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
}
