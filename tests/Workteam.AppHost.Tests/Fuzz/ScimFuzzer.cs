using System.Text;
using static Workteam.AppHost.Tests.Fuzz.FuzzBodies;

namespace Workteam.AppHost.Tests.Fuzz;

/// <summary>
/// Generates one bad (or barely valid) SCIM request from <paramref name="random"/>. Requests that might succeed
/// aim at the victims or create new resources; the sentinels only get requests that must fail.
/// </summary>
internal sealed class ScimFuzzer(Random random, FuzzTarget target)
{
    private const int GatewayBodyLimit = 1024 * 1024;
    private static readonly string[] Resources = ["Users", "Groups"];

    public FuzzRequest Next() => random.Next(12) switch
    {
        0 => MalformedJson(),
        1 => HugeString(),
        2 or 3 => WrongType(),
        4 or 5 => BadPatch(),
        6 or 7 => BadQuery(),
        8 => BadId(),
        9 => WrongMethod(),
        10 => WrongHeaders(),
        _ => MutatedEntraBody(),
    };

    private FuzzRequest MalformedJson()
    {
        var (method, path) = random.Next(4) switch
        {
            0 => (HttpMethod.Post, "/" + Pick(random, Resources)),
            1 => (HttpMethod.Put, random.Next(2) == 0 ? $"/Users/{target.SentinelUser}" : $"/Groups/{target.SentinelGroup}"),
            _ => (HttpMethod.Patch, random.Next(2) == 0 ? $"/Users/{target.SentinelUser}" : $"/Groups/{target.SentinelGroup}"),
        };
        var body = random.Next(4) switch
        {
            0 => Truncated(random, random.Next(2) == 0 ? User(random) : Pick(random, UserPatches)),
            1 => RandomBytes(random),
            2 => Encoding.UTF8.GetBytes(Nested(random)),
            _ => null,
        };
        if (body is not null)
        {
            return new FuzzRequest("malformed JSON", method, path, body) { Expected = 400 };
        }

        // Invalid UTF-8 inside an otherwise valid body: only where a success would harm nothing.
        var (json, marker) = method == HttpMethod.Patch
            ? ($$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"replace","path":"nickName","value":"nick"}]}""", "\"value\":\"")
            : (User(random), "\"userName\":\"");
        return new FuzzRequest("invalid UTF-8", method, method == HttpMethod.Post ? "/Users" : $"/Users/{target.VictimUser}", WithInvalidUtf8(random, json, marker));
    }

    private FuzzRequest HugeString()
    {
        var over = random.Next(12) == 0;
        var text = LongText(random, over ? GatewayBodyLimit + random.Next(1, 100_000) : random.Next(2_000, 100_000));
        var (path, json) = random.Next(5) switch
        {
            0 => ("/Users", $$"""{"userName":"{{text}}"}"""),
            1 => ("/Groups", $$"""{"displayName":"{{text}}"}"""),
            2 => ("/Users", $$"""{"userName":"{{UniqueName(random)}}","{{Pick(random, UserAttributes)}}":"{{text}}"}"""),
            3 => ("/Users", $$"""{"userName":"{{UniqueName(random)}}","emails":[{"value":"{{text}}","type":"work"}]}"""),
            _ => ($"/Users/{target.VictimUser}", $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"add","path":"{{(random.Next(2) == 0 ? text : "title")}}","value":"{{text}}"}]}"""),
        };
        var method = path == "/Users" || path == "/Groups" ? HttpMethod.Post : HttpMethod.Patch;
        return FuzzRequest.Json(over ? "over the body limit" : "huge string", method, path, json) with
        {
            Chunked = over && random.Next(3) == 0,
            Expected = over ? 413 : null,
        };
    }

    private FuzzRequest WrongType()
    {
        var isUser = random.Next(3) > 0;
        var valid = isUser ? User(random) : Group.Replace(UserNameMarker, UniqueName(random));
        var attribute = Pick(random, isUser ? UserAttributes : GroupAttributes);
        var value = random.Next(3) == 0
            ? $$"""[{"{{Pick(random, SubAttributes)}}":{{WrongValue(random)}}}]"""
            : random.Next(2) == 0 ? $$"""{"{{Pick(random, SubAttributes)}}":{{WrongValue(random)}}}""" : WrongValue(random);
        var (method, path) = random.Next(3) == 0
            ? (HttpMethod.Put, isUser ? $"/Users/{target.VictimUser}" : $"/Groups/{target.VictimGroup}")
            : (HttpMethod.Post, isUser ? "/Users" : "/Groups");
        return FuzzRequest.Json("wrong type", method, path, WithRawValue(valid, attribute, value));
    }

    private FuzzRequest BadPatch()
    {
        var isUser = random.Next(2) == 0;
        var operations = string.Join(',', Enumerable.Range(0, random.Next(1, 4)).Select(_ => FuzzPatch.Operation(random, isUser, Member())));
        var json = random.Next(10) switch
        {
            0 => $$"""{"schemas":["{{PatchOp}}"],"Operations":{{WrongValue(random)}}}""",
            1 => $$"""{"Operations":[{{operations}}]}""",
            2 => $$"""{"schemas":{{WrongValue(random)}},"Operations":[{{operations}}]}""",
            3 => $$"""{"schemas":["{{PatchOp}}"],"operations":[{{operations}}],"Operations":[]}""",
            _ => $$"""{"schemas":["{{PatchOp}}"],"Operations":[{{operations}}]}""",
        };
        return FuzzRequest.Json("bad PATCH", HttpMethod.Patch, isUser ? $"/Users/{target.VictimUser}" : $"/Groups/{target.VictimGroup}", json);
    }

    private FuzzRequest BadQuery()
    {
        var path = random.Next(4) switch
        {
            0 => $"/Users/{target.SentinelUser}",
            1 => $"/Groups/{target.SentinelGroup}",
            _ => "/" + Pick(random, Resources),
        };
        return new FuzzRequest("bad query", HttpMethod.Get, path + FuzzQueries.Query(random));
    }

    private FuzzRequest BadId()
    {
        var resource = Pick(random, Resources);
        var (id, notFound) = random.Next(4) switch
        {
            0 => (Pick(random, target.ForeignIds), true),
            1 => (RandomGuid(random), true),
            2 => (Pick(random, ["not-a-uuid", "123", "00000000-0000-0000-0000-00000000000", "null", "undefined", "5d48a0a8e9f04aa38008", "me", "{}"]), true),
            _ => (Uri.EscapeDataString(FuzzQueries.Garbage(random, random.Next(1, 300))), false),
        };
        var method = Pick(random, ["GET", "PUT", "PATCH", "DELETE"]);
        var json = method switch
        {
            "PUT" => resource == "Users" ? User(random) : Group.Replace(UserNameMarker, UniqueName(random)),
            "PATCH" => resource == "Users" ? Pick(random, UserPatches).Replace(UserNameMarker, UniqueName(random)).Replace(MemberMarker, target.VictimUser)
                : """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"renamed"}]}""",
            _ => null,
        };
        var path = $"/{resource}/{id}";
        var request = json is null ? new FuzzRequest("bad id", new HttpMethod(method), path) : FuzzRequest.Json("bad id", new HttpMethod(method), path, json);
        return request with { Expected = notFound ? 404 : null };
    }

    private FuzzRequest WrongMethod()
    {
        var (method, path) = Pick(random,
        [
            "PUT /Users", "DELETE /Users", "PATCH /Groups", "DELETE /Groups", $"POST /Users/{target.SentinelUser}", $"POST /Groups/{target.SentinelGroup}",
            "OPTIONS /Users", $"FOO /Users/{target.SentinelUser}", "PROPFIND /Groups", "TRACE /Users", "GET /Bulk", "POST /Bulk", "GET /Me", "POST /.search",
            "DELETE /ServiceProviderConfig", "POST /Schemas", "GET /Schemas/urn:garbage", "GET /ResourceTypes/Nope", "GET /Unknown", "GET /Users/x/y",
            $"PATCH /Users/{target.SentinelUser}/emails", "GET /", "PUT /ServiceProviderConfig", "GET /Schemas?filter=id eq 1",
        ]).Split(' ', 2) switch { var parts => (parts[0], parts[1]) };
        var body = method is "GET" or "DELETE" or "OPTIONS" or "TRACE" ? null : Encoding.UTF8.GetBytes("{}");
        // RFC 7644 §3.2: optional features a service provider does not implement are answered with 501.
        var unsupported = path is "/Bulk" or "/Me" or "/.search";
        return new FuzzRequest("wrong method", new HttpMethod(method), path.Replace(" ", "%20"), body) { Expected = unsupported ? 501 : null };
    }

    private FuzzRequest WrongHeaders()
    {
        if (random.Next(2) == 0)
        {
            var contentType = Pick(random,
            [
                "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
                "application/scim+json; charset=iso-8859-1", "garbage/////", ";;;", "application/octet-stream",
            ]);
            var send = random.Next(2) == 0
                ? FuzzRequest.Json("wrong content type", HttpMethod.Post, "/Users", User(random))
                : FuzzRequest.Json("wrong content type", HttpMethod.Patch, $"/Users/{target.VictimUser}", Pick(random, UserPatches).Replace(UserNameMarker, UniqueName(random)).Replace(MemberMarker, target.VictimUser));
            return send with { ContentType = random.Next(8) == 0 ? null : contentType };
        }

        // Preconditions that match no version must stop every write of a sentinel, and never make a read fail.
        var tag = ETagGarbage();
        var isUser = random.Next(2) == 0;
        var path = isUser ? $"/Users/{target.SentinelUser}" : $"/Groups/{target.SentinelGroup}";
        var (method, json) = random.Next(4) switch
        {
            0 => (HttpMethod.Put, isUser ? User(random) : Group.Replace(UserNameMarker, UniqueName(random))),
            1 => (HttpMethod.Patch, isUser ? Pick(random, UserPatches).Replace(UserNameMarker, UniqueName(random)).Replace(MemberMarker, target.VictimUser) : Pick(random, GroupPatches).Replace(UserNameMarker, UniqueName(random)).Replace(MemberMarker, target.VictimUser)),
            2 => (HttpMethod.Delete, null),
            _ => (HttpMethod.Get, null),
        };
        var request = json is null ? new FuzzRequest("precondition", method, path) : FuzzRequest.Json("precondition", method, path, json);
        return request with
        {
            Headers = [(method == HttpMethod.Get ? "If-None-Match" : "If-Match", tag)],
            Expected = method == HttpMethod.Get ? 200 : 412,
        };
    }

    private FuzzRequest MutatedEntraBody()
    {
        var (method, path, json) = random.Next(6) switch
        {
            0 => (HttpMethod.Post, "/Users", User(random)),
            1 => (HttpMethod.Put, $"/Users/{target.VictimUser}", User(random)),
            2 => (HttpMethod.Post, "/Groups", Group.Replace(UserNameMarker, UniqueName(random))),
            3 => (HttpMethod.Put, $"/Groups/{target.VictimGroup}", Group.Replace(UserNameMarker, UniqueName(random))),
            4 => (HttpMethod.Patch, $"/Users/{target.VictimUser}", Pick(random, UserPatches).Replace(UserNameMarker, UniqueName(random)).Replace(MemberMarker, Member())),
            _ => (HttpMethod.Patch, $"/Groups/{target.VictimGroup}", Pick(random, GroupPatches).Replace(UserNameMarker, UniqueName(random)).Replace(MemberMarker, Member())),
        };
        return FuzzRequest.Json("mutated Entra body", method, path, Mutate(random, json));
    }

    /// <summary>A member or manager id: the victim, another organization's user, an unknown or a malformed id. Never a sentinel.</summary>
    private string Member() => random.Next(4) switch
    {
        0 => target.VictimUser,
        1 => Pick(random, target.ForeignIds),
        2 => RandomGuid(random),
        _ => Pick(random, ["", "not-a-uuid", "5d48a0a8e9f04aa38008", new string('9', 2000), "\\\"", "00000000-0000-0000-0000-000000000000"]),
    };

    private string ETagGarbage()
    {
        var garbage = new string([.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0x21, 0x7F)).Where(c => c is not '*' and not ',')]);
        return random.Next(3) switch
        {
            0 => Pick(random, ["W/", "\"\"", "W/\"\"", "\"", "W/\"-1\"", "W/\"0\"", "W/\"99999999999999999999\"", "W/\"1 \"", " , ", "w/\"1\"", "W/'1'"]),
            1 => $"W/\"x{garbage}\"",
            _ => "x" + garbage,
        };
    }
}
