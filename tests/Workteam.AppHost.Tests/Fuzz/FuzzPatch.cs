using static Workteam.AppHost.Tests.Fuzz.FuzzBodies;

namespace Workteam.AppHost.Tests.Fuzz;

/// <summary>PATCH operations with unknown ops, paths that do not parse or name nothing, and values of the wrong shape.</summary>
internal static class FuzzPatch
{
    private static readonly string[] Ops = ["add", "Add", "REPLACE", "remove", "Remove", "move", "copy", "test", "", " add", "delete", "upsert"];

    private static readonly string[] BadPaths =
    [
        "emails[type eq \"work\"", "emails]", "name..givenName", "[", "\"", "urn:ietf:params:scim:schemas:core:2.0:User:", "urn:garbage:::",
        "members[value eq]", "emails[type eq \"work\"].value.extra", "123", "a b c", " ", "", "members[value eq \"x\"] extra", ".", "name.",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value.x", "emails[type eq \"work\"][primary eq true]",
        "members[value eq \"a\" or value eq \"b\"].display", "groups", "id", "meta.created", "schemas", "password", "x509Certificates[",
        "emails[not(type pr)].value", "roles[value eq \"{\\\"id\\\":1}\"]", "addresses[type eq \"work\"].country.x", "urn:", "::", "$ref",
    ];

    private static readonly string[] UserPaths =
    [
        "userName", "active", "emails", "emails[type eq \"work\"].value", "name", "name.givenName", "phoneNumbers", "roles", "manager",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "addresses[type eq \"work\"].postalCode", "externalId", "title", "x509Certificates",
    ];

    private static readonly string[] GroupPaths = ["members", "displayName", "externalId", "members[value eq \"MEMBER\"]", "members.value"];

    public static string Operation(Random random, bool isUser, string member)
    {
        var op = random.Next(3) == 0 ? Pick(random, Ops) : Pick(random, ["add", "replace", "remove"]);
        var path = random.Next(3) switch
        {
            0 => Pick(random, BadPaths),
            1 => random.Next(2) == 0 ? FuzzQueries.Garbage(random, random.Next(1, 100)) : null,
            _ => Pick(random, isUser ? UserPaths : GroupPaths),
        };
        var value = random.Next(5) switch
        {
            0 => Members(random, member),
            1 => $$"""{"{{Pick(random, isUser ? UserAttributes : GroupAttributes)}}":{{WrongValue(random)}}}""",
            2 => $"\"{member}\"",
            _ => WrongValue(random),
        };
        var opJson = random.Next(10) == 0 ? WrongValue(random) : System.Text.Json.JsonSerializer.Serialize(op);
        var pathJson = path is null ? "" : $",\"path\":{(random.Next(12) == 0 ? WrongValue(random) : System.Text.Json.JsonSerializer.Serialize(path.Replace(MemberMarker, member)))}";
        var valueJson = random.Next(6) == 0 ? "" : $",\"value\":{value}";
        return random.Next(15) == 0 ? WrongValue(random) : $"{{\"op\":{opJson}{pathJson}{valueJson}}}";
    }

    private static string Members(Random random, string member) => random.Next(7) switch
    {
        0 => $$"""{"value":"{{member}}"}""",
        1 => $$"""[{"value":{{WrongValue(random)}}}]""",
        2 => """[{"value":""}]""",
        3 => """[{"$ref":"http://example.test/Users/x"}]""",
        4 => $"[{string.Join(',', Enumerable.Range(0, random.Next(2, 50)).Select(_ => $"{{\"value\":\"{RandomGuid(random)}\"}}"))}]",
        5 => $"[\"{member}\",\"{member}\"]",
        _ => $$"""[{"value":"{{member}}","display":{{WrongValue(random)}},"type":{{WrongValue(random)}}}]""",
    };
}
