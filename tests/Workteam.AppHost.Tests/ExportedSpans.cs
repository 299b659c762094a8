using System.Text;

namespace Workteam.AppHost.Tests;

/// <summary>One span as a service exported it over OTLP.</summary>
public sealed record ExportedSpan(
    string Service, string Scope, string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<(string TraceId, string SpanId)> Links)
{
    public const int Server = 2;
    public const int Producer = 4;
    public const int Consumer = 5;

    public override string ToString() => $"{Service}/{Scope} '{Name}' kind {Kind} {SpanId} <- {ParentSpanId ?? "root"}";
}

/// <summary>
/// Reads the spans of an OTLP <c>ExportTraceServiceRequest</c> (protobuf) with just the fields the tests look at:
/// the wire format is small enough to read by hand, and no OTLP protobuf package is at hand.
/// </summary>
public static class ExportedSpans
{
    public static IEnumerable<ExportedSpan> Read(byte[] request)
    {
        // ExportTraceServiceRequest.resource_spans = 1
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1))
        {
            var service = "";
            var scopeSpansList = new List<byte[]>();
            foreach (var field in Fields(resourceSpans.Bytes))
            {
                if (field.Number == 1)
                {
                    // Resource.attributes = 1
                    service = Attributes(Fields(field.Bytes).Where(f => f.Number == 1)).GetValueOrDefault("service.name", "");
                }
                else if (field.Number == 2)
                {
                    scopeSpansList.Add(field.Bytes);
                }
            }

            foreach (var scopeSpans in scopeSpansList)
            {
                var fields = Fields(scopeSpans).ToList();
                // ScopeSpans.scope = 1 (InstrumentationScope.name = 1), spans = 2
                var scope = fields.Where(f => f.Number == 1).SelectMany(f => Fields(f.Bytes)).Where(f => f.Number == 1).Select(f => Text(f.Bytes)).FirstOrDefault() ?? "";
                foreach (var span in fields.Where(f => f.Number == 2))
                {
                    yield return Span(service, scope, span.Bytes);
                }
            }
        }
    }

    private static ExportedSpan Span(string service, string scope, byte[] span)
    {
        string traceId = "", spanId = "", name = "";
        string? parent = null;
        var kind = 0;
        var attributes = new List<Field>();
        var links = new List<(string, string)>();
        foreach (var field in Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes); break;
                case 4: parent = field.Bytes.Length == 0 ? null : Convert.ToHexStringLower(field.Bytes); break;
                case 5: name = Text(field.Bytes); break;
                case 6: kind = (int)field.Varint; break;
                case 9: attributes.Add(field); break;
                case 13:
                    var link = Fields(field.Bytes).ToList();
                    links.Add((Convert.ToHexStringLower(link.First(f => f.Number == 1).Bytes), Convert.ToHexStringLower(link.First(f => f.Number == 2).Bytes)));
                    break;
            }
        }

        return new ExportedSpan(service, scope, traceId, spanId, parent, name, kind, Attributes(attributes), links);
    }

    /// <summary>KeyValue (key = 1, value = 2: AnyValue with string_value = 1, bool_value = 2, int_value = 3) as text.</summary>
    private static Dictionary<string, string> Attributes(IEnumerable<Field> keyValues)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var keyValue in keyValues)
        {
            var fields = Fields(keyValue.Bytes).ToList();
            var key = fields.Where(f => f.Number == 1).Select(f => Text(f.Bytes)).FirstOrDefault();
            var value = fields.Where(f => f.Number == 2).SelectMany(f => Fields(f.Bytes)).FirstOrDefault();
            if (key is not null && value is not null)
            {
                attributes[key] = value.Number switch
                {
                    1 => Text(value.Bytes),
                    2 => (value.Varint != 0).ToString(),
                    3 => ((long)value.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => "",
                };
            }
        }

        return attributes;
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private sealed record Field(int Number, ulong Varint, byte[] Bytes);

    /// <summary>The fields of a protobuf message: varints, fixed 32/64-bit numbers and length-delimited bytes.</summary>
    private static IEnumerable<Field> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    yield return new Field(number, ReadVarint(message, ref position), []);
                    break;
                case 1:
                    yield return new Field(number, BitConverter.ToUInt64(message, position), []);
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return new Field(number, 0, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, BitConverter.ToUInt32(message, position), []);
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
