using System.Text;
using System.Text.Json.Nodes;

namespace Workteam.AppHost.Tests.Fuzz;

/// <summary>The Entra request bodies of the contract (entra-scim.md §5, §6) and ways to break them.</summary>
internal static class FuzzBodies
{
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string UserNameMarker = "USERNAME";
    public const string MemberMarker = "MEMBER";

    public static readonly string[] Users =
    [
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"USERNAME","active":true,"emails":[{"primary":true,"type":"work","value":"Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"}],"meta":{"resourceType":"User"},"name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},"roles":[]}""",
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],"externalId":"jyoung","userName":"USERNAME","active":true,"addresses":null,"displayName":"Joy Young","emails":[{"type":"work","value":"jyoung@Contoso.com","primary":true}],"meta":{"resourceType":"User"},"name":{"familyName":"Young","givenName":"Joy"},"phoneNumbers":null,"preferredLanguage":null,"title":null,"department":null,"manager":null}""",
    ];

    public const string Group =
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"USERNAME","meta":{"resourceType":"Group"}}""";

    public static readonly string[] UserPatches =
    [
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"updatedEmail@microsoft.com"},{"op":"Replace","path":"name.familyName","value":"updatedFamilyName"}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"userName","value":"USERNAME"}]}""",
        """{"Operations":[{"op":"Replace","path":"active","value":false}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"nickName","value":"Babs"}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"Pvlo"},{"op":"Replace","path":"emails[type eq \"work\"].value","value":"TestBcwqnm@test.microsoft.com"},{"op":"Replace","path":"name.givenName","value":"Gtfd"},{"op":"Replace","path":"name.familyName","value":"Pkqf"},{"op":"Replace","path":"externalId","value":"Eqpj"},{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"Eqpj"}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"emails[type eq \"work\"].value","value":"TestMhvaes@test.microsoft.com"},{"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"roles","value":[{"value":"{\"id\":\"06b07648-ecfe-589f-9d2f-6325724a46ee\",\"value\":\"25\",\"displayName\":\"Role1234\"}"}]}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"roles","value":[{"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"User","value":"User"}]}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"manager","value":[{"$ref":"http://example.test/scim/Users/MEMBER","value":"MEMBER"}]}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":""}}]}""",
    ];

    public static readonly string[] GroupPatches =
    [
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"USERNAME"}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"MEMBER"}]}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members","value":[{"$ref":null,"value":"MEMBER"}]}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"MEMBER\"]"}]}""",
        """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"externalId":"ext-1","displayName":"USERNAME"}}]}""",
    ];

    public static readonly string[] UserAttributes =
    [
        "userName", "externalId", "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone",
        "active", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates", "name",
        "schemas", "id", "meta", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ];

    public static readonly string[] GroupAttributes = ["displayName", "externalId", "members", "schemas", "id", "meta"];

    /// <summary>Sub-attributes of the complex attributes, each of which may get a wrong type too.</summary>
    public static readonly string[] SubAttributes =
    [
        "value", "type", "primary", "display", "$ref", "givenName", "familyName", "formatted", "manager", "department", "employeeNumber",
        "costCenter", "country", "postalCode",
    ];

    private static readonly string[] WrongValues =
    [
        "42", "-1.5e308", "1e400", "0.0000001", "true", "false", "null", "{}", "[]", "\"maybe\"", "\"\"", "[1,2,3]", "[null]", "[[]]",
        "{\"value\":{}}", "[{\"value\":42,\"primary\":\"yes\"}]", "[{\"value\":\"a\",\"primary\":true},{\"value\":\"b\",\"primary\":true}]",
        "{\"value\":\"x\"}", "\"\\u0000\"", "\"\\ud800\"", "[\"a\",{\"b\":[]}]", "\"2011-13-45T99:99:99Z\"", "-0",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xF0, 0x9F, 0x98],
    ];

    public static string Pick(Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];

    public static string WrongValue(Random random) => Pick(random, WrongValues);

    public static string User(Random random) => Pick(random, Users).Replace(UserNameMarker, UniqueName(random));

    public static string UniqueName(Random random) => $"fuzz-{random.NextInt64():x}@contoso.test";

    /// <summary>A text of letters (and now and then an escape or a non-ASCII letter) of the given length.</summary>
    public static string LongText(Random random, int length)
    {
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(random.Next(50) switch { 0 => "\\u00e9", 1 => "ü", 2 => "\\n", _ => ((char)('a' + random.Next(26))).ToString() });
        }

        return text.ToString();
    }

    public static byte[] Truncated(Random random, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return bytes[..random.Next(bytes.Length)];
    }

    public static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 2048)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A valid body with an invalid UTF-8 sequence right after the first <paramref name="marker"/>.</summary>
    public static byte[] WithInvalidUtf8(Random random, string json, string marker)
    {
        var at = json.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var sequence = InvalidUtf8[random.Next(InvalidUtf8.Length)];
        return [.. Encoding.UTF8.GetBytes(json[..at]), .. sequence, .. Encoding.UTF8.GetBytes(json[at..])];
    }

    /// <summary>A UUID drawn from <paramref name="random"/>, so a run can be repeated.</summary>
    public static string RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    public static string Nested(Random random)
    {
        var depth = random.Next(3) == 0 ? random.Next(33, 3000) : 10_000;
        var objects = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var arrays = new string('[', depth) + new string(']', depth);
        return random.Next(5) switch
        {
            0 => arrays,
            1 => objects,
            2 => $$"""{"userName":"deep","emails":{{arrays}}}""",
            3 => $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"add","value":{{objects}}}]}""",
            _ => new string('[', depth),
        };
    }

    /// <summary>Drops, retypes, renames or wraps one to three keys anywhere in the body; sometimes duplicates a key.</summary>
    public static string Mutate(Random random, string json)
    {
        var root = JsonNode.Parse(json)!;
        var wrongValues = new List<string>();
        for (var mutations = random.Next(1, 4); mutations > 0; mutations--)
        {
            var objects = Objects(root).ToList();
            var target = objects[random.Next(objects.Count)];
            if (target.Count == 0)
            {
                target["value"] = Placeholder(random, wrongValues);
                continue;
            }

            var (key, value) = target.ElementAt(random.Next(target.Count));
            switch (random.Next(4))
            {
                case 0:
                    target.Remove(key);
                    break;
                case 1:
                    target[key] = Placeholder(random, wrongValues);
                    break;
                case 2:
                    target.Remove(key);
                    target[random.Next(2) == 0 ? key.ToUpperInvariant() : key + "x"] = value;
                    break;
                default:
                    target[key] = new JsonArray(value?.DeepClone());
                    break;
            }
        }

        var text = WithWrongValues(root.ToJsonString(), wrongValues);
        return root is JsonObject { Count: > 0 } top && random.Next(3) == 0
            ? $"{{\"{top.ElementAt(random.Next(top.Count)).Key}\":{WrongValue(random)},{text[1..]}"
            : text;
    }

    /// <summary>The object with <paramref name="attribute"/> set to <paramref name="rawValue"/>, which need not be valid JSON.</summary>
    public static string WithRawValue(string json, string attribute, string rawValue)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        root[attribute] = "@wrong0@";
        return WithWrongValues(root.ToJsonString(), [rawValue]);
    }

    /// <summary>
    /// Wrong values are spliced in as text: some (a lone surrogate escape, 1e400) cannot be held by a JsonNode and written back.
    /// </summary>
    private static JsonNode Placeholder(Random random, List<string> wrongValues)
    {
        wrongValues.Add(WrongValue(random));
        return JsonValue.Create($"@wrong{wrongValues.Count - 1}@");
    }

    private static string WithWrongValues(string text, IReadOnlyList<string> wrongValues)
    {
        for (var i = 0; i < wrongValues.Count; i++)
        {
            text = text.Replace($"\"@wrong{i}@\"", wrongValues[i]);
        }

        return text;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Objects(p.Value))],
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };
}
