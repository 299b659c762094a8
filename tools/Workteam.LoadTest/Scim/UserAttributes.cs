using System.Text.Json;
using Workteam.LoadTest.Source;

namespace Workteam.LoadTest.Scim;

/// <summary>One single-valued attribute Entra maps to a SCIM path, read from the source and from a SCIM user.</summary>
internal sealed record UserAttribute(string Path, Func<SourceUser, string?> Source, Func<JsonElement, string?> Target)
{
    /// <summary>A path into one element of a multi-valued attribute, such as <c>emails[type eq "work"].value</c>.</summary>
    public bool IsValuePath => Path.Contains('[', StringComparison.Ordinal);
}

/// <summary>A change Entra sends for one attribute; <see cref="WasAbsent"/> makes it an <c>Add</c>.</summary>
internal sealed record AttributeChange(string Path, string Value, bool WasAbsent);

/// <summary>The user attributes of Entra's default mapping that the load test provisions and compares.</summary>
internal static class UserAttributes
{
    private const string Department = ScimNames.EnterpriseUser + ":department";
    private const string EmployeeNumber = ScimNames.EnterpriseUser + ":employeeNumber";

    public static readonly IReadOnlyList<UserAttribute> All =
    [
        new("userName", u => u.UserName, r => Text(r, "userName")),
        new("externalId", u => u.ExternalId, r => Text(r, "externalId")),
        new("displayName", u => u.DisplayName, r => Text(r, "displayName")),
        new("name.givenName", u => u.GivenName, r => Text(r, "name", "givenName")),
        new("name.familyName", u => u.FamilyName, r => Text(r, "name", "familyName")),
        new("title", u => u.Title, r => Text(r, "title")),
        new("preferredLanguage", u => u.PreferredLanguage, r => Text(r, "preferredLanguage")),
        new(Department, u => u.Department, r => Text(r, ScimNames.EnterpriseUser, "department")),
        new(EmployeeNumber, u => u.EmployeeNumber, r => Text(r, ScimNames.EnterpriseUser, "employeeNumber")),
        new("emails[type eq \"work\"].value", u => u.WorkEmail, r => Element(r, "emails", "work", "value")),
        new("phoneNumbers[type eq \"work\"].value", u => u.WorkPhone, r => Element(r, "phoneNumbers", "work", "value")),
        new("phoneNumbers[type eq \"mobile\"].value", u => u.MobilePhone, r => Element(r, "phoneNumbers", "mobile", "value")),
        new("addresses[type eq \"work\"].streetAddress", u => u.Address?.StreetAddress, r => Element(r, "addresses", "work", "streetAddress")),
        new("addresses[type eq \"work\"].locality", u => u.Address?.Locality, r => Element(r, "addresses", "work", "locality")),
        new("addresses[type eq \"work\"].postalCode", u => u.Address?.PostalCode, r => Element(r, "addresses", "work", "postalCode")),
        new("addresses[type eq \"work\"].country", u => u.Address?.Country, r => Element(r, "addresses", "work", "country")),
    ];

    /// <summary>
    /// What Entra would send to make the SCIM user match the source. A null source value is never sent: Entra does
    /// not provision null values.
    /// </summary>
    public static List<AttributeChange> Differences(SourceUser user, JsonElement resource)
    {
        var changes = new List<AttributeChange>();
        foreach (var attribute in All)
        {
            var wanted = attribute.Source(user);
            var current = attribute.Target(resource);
            if (wanted is not null && wanted != current)
            {
                changes.Add(new AttributeChange(attribute.Path, wanted, current is null));
            }
        }

        return changes;
    }

    public static bool? Active(JsonElement resource) =>
        resource.TryGetProperty("active", out var active) && active.ValueKind is JsonValueKind.True or JsonValueKind.False ? active.GetBoolean() : null;

    public static string? ManagerId(JsonElement resource) =>
        resource.TryGetProperty(ScimNames.EnterpriseUser, out var enterprise) && enterprise.ValueKind == JsonValueKind.Object
        && enterprise.TryGetProperty("manager", out var manager) && manager.ValueKind == JsonValueKind.Object
            ? Text(manager, "value")
            : null;

    public static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static string? Element(JsonElement resource, string attribute, string type, string subAttribute)
    {
        if (!resource.TryGetProperty(attribute, out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var match = values.EnumerateArray().FirstOrDefault(v => string.Equals(Text(v, "type"), type, StringComparison.OrdinalIgnoreCase));
        return match.ValueKind == JsonValueKind.Object ? Text(match, subAttribute) : null;
    }
}
