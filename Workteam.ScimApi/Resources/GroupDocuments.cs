using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Resources;

/// <summary>
/// A group's SCIM representation, written in one place. A page of groups is written straight from the rows
/// (<see cref="WrittenGroup"/>): 100 groups may hold 5,000 members, and a node per member and attribute cost more
/// than the query. A response that projects attributes reads the same writing back as a tree (<see cref="Render"/>).
/// </summary>
public static class GroupDocuments
{
    public static JsonObject Render(GroupView view, ScimLocations locations)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, view, locations);
        }

        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    public static void Write(Utf8JsonWriter writer, GroupView view, ScimLocations locations)
    {
        var group = view.Group;
        writer.WriteStartObject();
        writer.WriteStartArray("schemas");
        writer.WriteStringValue(ScimSchemas.Group.Id);
        writer.WriteEndArray();
        writer.WriteString("id", group.Id);
        if (group.ExternalId is not null)
        {
            writer.WriteString("externalId", group.ExternalId);
        }

        writer.WriteString("displayName", group.DisplayName);
        if (view.Members is { } members)
        {
            writer.WriteStartArray("members");
            foreach (var member in members)
            {
                writer.WriteStartObject();
                writer.WriteString("value", member.UserId);
                writer.WriteString("$ref", locations.User(member.UserId));
                writer.WriteString("type", "User");
                writer.WriteString("display", member.Display);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WritePropertyName("meta");
        UserDocuments.Meta("Group", locations.Group(group.Id), group.Version, group.CreatedAt, group.LastModifiedAt).WriteTo(writer);
        writer.WriteEndObject();
    }
}

/// <summary>A group of a list response without projection, serialized by <see cref="GroupDocuments.Write"/>.</summary>
[JsonConverter(typeof(Converter))]
public sealed record WrittenGroup(GroupView View, ScimLocations Locations)
{
    private sealed class Converter : JsonConverter<WrittenGroup>
    {
        public override WrittenGroup Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A written group is only serialized.");

        public override void Write(Utf8JsonWriter writer, WrittenGroup value, JsonSerializerOptions options) =>
            GroupDocuments.Write(writer, value.View, value.Locations);
    }
}
