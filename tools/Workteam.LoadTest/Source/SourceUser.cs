namespace Workteam.LoadTest.Source;

public sealed record SourceAddress(string StreetAddress, string Locality, string PostalCode, string Country);

/// <summary>A user as Entra holds it, with the SCIM id Entra caches once the user is provisioned.</summary>
public sealed class SourceUser
{
    public required int Number { get; init; }

    /// <summary>The user principal name, Entra's default matching attribute.</summary>
    public required string UserName { get; set; }

    /// <summary>The mailNickname.</summary>
    public required string ExternalId { get; set; }

    public bool Active { get; set; } = true;

    public bool Deleted { get; set; }

    public required string GivenName { get; set; }

    public required string FamilyName { get; set; }

    public required string DisplayName { get; set; }

    public required string WorkEmail { get; set; }

    public string? Title { get; set; }

    public string? Department { get; set; }

    public string? EmployeeNumber { get; set; }

    public string? WorkPhone { get; set; }

    public string? MobilePhone { get; set; }

    public SourceAddress? Address { get; set; }

    public string? PreferredLanguage { get; set; }

    public SourceUser? Manager { get; set; }

    /// <summary>The app role value Entra assigns, if any.</summary>
    public string? Role { get; set; }

    public string? ScimId { get; set; }

    public override string ToString() => UserName;
}

/// <summary>A group as Entra holds it: members are direct members only (Entra does not provision nested groups).</summary>
public sealed class SourceGroup
{
    public required int Number { get; init; }

    public required string DisplayName { get; set; }

    /// <summary>The group's objectId.</summary>
    public required string ExternalId { get; init; }

    public HashSet<SourceUser> Members { get; } = [];

    public string? ScimId { get; set; }

    public override string ToString() => DisplayName;
}
