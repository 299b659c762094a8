namespace Workteam.AppHost.Tests.Fuzz;

/// <summary>Bad query strings: filters that do not parse or compare nonsense, and bad paging, sorting and projections.</summary>
internal static class FuzzQueries
{
    private static readonly string[] Filters =
    [
        "(userName eq \"a\"", "userName eq \"a\")", "emails[type eq \"work\"", "emails[type eq \"work\"]]", "userName eq \"unterminated",
        "userName xx \"a\"", "userName like \"a\"", "userName eq", "eq \"a\"", "userName == \"a\"", "not userName eq \"a\"", "userName pr pr",
        "userName eq \"a\" and", "or userName eq \"a\"", "userName eq \"a\" xor userName eq \"b\"", "()", "[]", "userName[]", "\"\"",
        "urn:ietf:params:scim:schemas:core:2.0:User: eq \"a\"", "urn::: eq \"a\"", "urn:x:y:z eq 1", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value.x eq \"1\"",
        "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName.x eq \"a\"", "urn:ietf:params:scim:api:messages:2.0:Error:status eq \"400\"",
        "active eq \"maybe\"", "meta.created gt \"not a date\"", "meta.lastModified ge \"2011-13-45T99:99:99Z\"", "userName gt 42", "active gt true",
        "id eq \"not-a-uuid\"", "id eq 42", "members eq 42", "members eq \"not-a-uuid\"", "manager eq \"x\"", "emails co null", "userName eq 1e400",
        "userName sw \"\"", "emails[value eq \"a\"].type.x eq \"b\"", "emails[emails[type eq \"a\"] eq \"b\"]", "name[givenName eq \"a\"]",
        "groups.value eq \"x\"", "x509Certificates.value eq \"a\"", "password eq \"secret\"", "meta eq \"x\"", "userName eq \"a\\\"",
        "userName eq \"\\uZZZZ\"", "userName eq \"a\" and (displayName co \"b\" or not (title eq \"c\")", "displayName eq 'single'",
        "userName eq \"é\" or userName eq \"\u0000\"", "\t\r\n", "userName  eq\t\"a\"", "USERNAME EQ \"A\" AND NOT(ACTIVE EQ TRUE)",
        "userName eq \"\\u0000\"", "userName eq \"a\u0000\"", "displayName co \"\\ud800\"", "externalId eq \"\\udc00x\"", "emails[value sw \"\\ud83d\"].type pr",
    ];

    private static readonly string[] Values =
    [
        "", " ", "-1", "0", "-9223372036854775808", "9223372036854775807", "99999999999999999999999", "1.5", "1e3", "abc", "0x10",
        "１２", "NaN", "\u0000", "%", "%%", "%zz", "ascending,descending", "DESCENDING", "sideways", "userName,,", ",", "..", "meta.", "[",
        "emails[type eq \"work\"]", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:", "urn:garbage", "name.givenName.x",
        "members.value", "password", "groups", "userName eq \"a\"",
    ];

    private static readonly string[] Parameters = ["filter", "startIndex", "count", "sortBy", "sortOrder", "attributes", "excludedAttributes"];

    public static string Query(Random random)
    {
        var parameters = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var name = FuzzBodies.Pick(random, Parameters);
            var value = name == "filter" ? Filter(random) : random.Next(4) == 0 ? Filter(random) : FuzzBodies.Pick(random, Values);
            return $"{(random.Next(8) == 0 ? name.ToUpperInvariant() : name)}={Uri.EscapeDataString(value)}";
        });
        return "?" + string.Join('&', parameters);
    }

    public static string Filter(Random random) => random.Next(12) switch
    {
        0 => Parentheses(random),
        1 => Garbage(random, random.Next(1, 200)),
        2 => FuzzBodies.LongText(random, random.Next(4000, 5000)),
        3 => string.Join(" and ", Enumerable.Range(0, random.Next(100, 400)).Select(i => $"userName eq \"{i}\"")),
        _ => FuzzBodies.Pick(random, Filters),
    };

    /// <summary>Up to 10,000 nested parentheses, balanced or not.</summary>
    private static string Parentheses(Random random)
    {
        var depth = random.Next(3) == 0 ? 10_000 : random.Next(1, 1500);
        var closing = random.Next(4) == 0 ? depth - 1 : depth;
        return new string('(', depth) + "userName eq \"a\"" + new string(')', closing);
    }

    public static string Garbage(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => random.Next(10) == 0 ? (char)random.Next(0x80, 0x3000) : (char)random.Next(0x20, 0x7F))]);
}
