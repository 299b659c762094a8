using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Patch;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Tests.Patch;

/// <summary>Stored resources (canonical form) that the PATCH tests start from, and a helper to patch them.</summary>
internal static class PatchTestData
{
    /// <summary>The user of the Entra documentation's Create User example, with enterprise attributes and a manager.</summary>
    public const string User = """
        {"externalId": "0a21f0f2", "userName": "Test_User_00aa", "active": true, "displayName": "Test User",
         "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
         "emails": [{"value": "test.user@testuser.com", "type": "work", "primary": true}],
         "%ENT%": {"employeeNumber": "1", "department": "Sales", "manager": {"value": "m-1"}}}
        """;

    /// <summary>A user with only a home email and no enterprise attributes.</summary>
    public const string HomeUser = """
        {"userName": "home_user", "active": true, "emails": [{"value": "me@home.example", "type": "home"}]}
        """;

    /// <summary>A user with phone numbers, addresses and roles, as the SCIM Validator creates them.</summary>
    public const string DetailedUser = """
        {"userName": "detailed@contoso.com", "active": true,
         "emails": [{"value": "detailed@contoso.com", "type": "work", "primary": true}, {"value": "d@home.example", "type": "home"}],
         "phoneNumbers": [{"value": "+1 555 0100", "type": "work", "primary": true}, {"value": "+1 555 0101", "type": "mobile"}],
         "addresses": [{"type": "work", "streetAddress": "1 Main St", "locality": "Springfield", "country": "US", "primary": true}],
         "roles": [{"value": "Admin", "type": "WindowsAzureActiveDirectoryRole", "primary": false}]}
        """;

    public static JsonObject Resource(string name) => JsonAssert.Object(name switch
    {
        "User" => User,
        "HomeUser" => HomeUser,
        "DetailedUser" => DetailedUser,
        _ => name,
    });

    public static JsonObject ApplyPatch(ScimResourceType type, JsonObject resource, string body) =>
        ResourcePatcher.Apply(type, resource, PatchRequest.Read(JsonAssert.Object(body)));
}
