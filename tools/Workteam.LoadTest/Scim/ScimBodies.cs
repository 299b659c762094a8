using System.Text.Json.Nodes;
using Workteam.LoadTest.Source;

namespace Workteam.LoadTest.Scim;

/// <summary>Request bodies as Entra's provisioning service sends them, in either PATCH dialect.</summary>
internal static class ScimBodies
{
    public static JsonObject CreateUser(SourceUser user)
    {
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimNames.UserSchema, ScimNames.EnterpriseUser),
            ["externalId"] = user.ExternalId,
            ["userName"] = user.UserName,
            ["active"] = user.Active,
            ["displayName"] = user.DisplayName,
            ["emails"] = new JsonArray(new JsonObject { ["primary"] = true, ["type"] = "work", ["value"] = user.WorkEmail }),
            ["meta"] = new JsonObject { ["resourceType"] = "User" },
            ["name"] = new JsonObject
            {
                ["formatted"] = $"{user.GivenName} {user.FamilyName}",
                ["familyName"] = user.FamilyName,
                ["givenName"] = user.GivenName,
            },
            ["roles"] = user.Role is null
                ? new JsonArray()
                : new JsonArray(new JsonObject { ["primary"] = false, ["type"] = "WindowsAzureActiveDirectoryRole", ["display"] = user.Role, ["value"] = user.Role }),
        };
        AddIfPresent(body, "title", user.Title);
        AddIfPresent(body, "preferredLanguage", user.PreferredLanguage);
        var phones = new JsonArray();
        AddPhone(phones, "work", user.WorkPhone);
        AddPhone(phones, "mobile", user.MobilePhone);
        if (phones.Count > 0)
        {
            body["phoneNumbers"] = phones;
        }

        if (user.Address is { } address)
        {
            body["addresses"] = new JsonArray(new JsonObject
            {
                ["type"] = "work",
                ["streetAddress"] = address.StreetAddress,
                ["locality"] = address.Locality,
                ["postalCode"] = address.PostalCode,
                ["country"] = address.Country,
                ["primary"] = true,
            });
        }

        var enterprise = new JsonObject();
        AddIfPresent(enterprise, "department", user.Department);
        AddIfPresent(enterprise, "employeeNumber", user.EmployeeNumber);
        body[ScimNames.EnterpriseUser] = enterprise;
        return body;
    }

    public static JsonObject CreateGroup(SourceGroup group) => new()
    {
        ["schemas"] = new JsonArray(ScimNames.GroupSchema, ScimNames.EntraGroupSchema),
        ["externalId"] = group.ExternalId,
        ["displayName"] = group.DisplayName,
        ["meta"] = new JsonObject { ["resourceType"] = "Group" },
    };

    /// <summary>
    /// Attribute changes and/or a new <c>active</c> value. Default dialect: one operation per attribute, capitalised
    /// ops, booleans as "True"/"False". With the flag: value-path operations stay separate and everything else
    /// becomes one no-path replace keyed by dotted and URN paths, with real booleans.
    /// </summary>
    public static JsonObject UserPatch(IReadOnlyList<AttributeChange> changes, bool? active, PatchDialect dialect)
    {
        var operations = new JsonArray();
        if (dialect == PatchDialect.Default)
        {
            foreach (var change in changes)
            {
                operations.Add(Operation(change.WasAbsent ? "Add" : "Replace", change.Path, change.Value));
            }

            if (active is { } isActive)
            {
                operations.Add(Operation("Replace", "active", isActive ? "True" : "False"));
            }

            return PatchOp(operations);
        }

        foreach (var change in changes.Where(c => UserAttributes.All.Single(a => a.Path == c.Path).IsValuePath))
        {
            operations.Add(Operation(change.WasAbsent ? "add" : "replace", change.Path, change.Value));
        }

        var plain = changes.Where(c => !UserAttributes.All.Single(a => a.Path == c.Path).IsValuePath).ToList();
        if (plain.Count == 0 && active is { } onlyActive)
        {
            operations.Add(Operation("replace", "active", onlyActive));
        }
        else if (plain.Count == 1 && active is null && plain[0].WasAbsent)
        {
            operations.Add(Operation("add", plain[0].Path, plain[0].Value));
        }
        else if (plain.Count > 0)
        {
            var values = new JsonObject();
            foreach (var change in plain)
            {
                values[change.Path] = change.Value;
            }

            if (active is { } isActive)
            {
                values["active"] = isActive;
            }

            operations.Add(new JsonObject { ["op"] = "replace", ["value"] = values });
        }

        return PatchOp(operations);
    }

    /// <summary>
    /// Sets the manager. Default dialect: the first time in the legacy shape (<c>manager</c> with a
    /// [{$ref, value}] array), a change as a raw string on the URN path; with the flag, <c>{value}</c> on the URN path.
    /// </summary>
    public static JsonObject ManagerPatch(string managerId, bool hadManager, PatchDialect dialect)
    {
        if (dialect == PatchDialect.AadOptscim062020)
        {
            return PatchOp(new JsonArray(Operation(hadManager ? "replace" : "add", ScimNames.ManagerPath, new JsonObject { ["value"] = managerId })));
        }

        return hadManager
            ? PatchOp(new JsonArray(Operation("Replace", ScimNames.ManagerPath, managerId)))
            : PatchOp(new JsonArray(Operation("Add", "manager", new JsonArray(new JsonObject { ["$ref"] = null, ["value"] = managerId }))));
    }

    /// <summary>
    /// Adds or removes a batch of members. Default dialect: one operation with a value array, also for removal;
    /// with the flag, removal is one <c>members[value eq "…"]</c> operation per member.
    /// </summary>
    public static JsonObject MembersPatch(bool add, IReadOnlyList<string> userIds, PatchDialect dialect)
    {
        var flag = dialect == PatchDialect.AadOptscim062020;
        if (!add && flag)
        {
            return PatchOp(new JsonArray([.. userIds.Select(id => (JsonNode)new JsonObject { ["op"] = "remove", ["path"] = $"members[value eq \"{id}\"]" })]));
        }

        var op = (add, flag) switch
        {
            (true, true) => "add",
            (true, false) => "Add",
            _ => "Remove",
        };
        var values = new JsonArray([.. userIds.Select(id => (JsonNode)(flag
            ? new JsonObject { ["value"] = id }
            : new JsonObject { ["$ref"] = null, ["value"] = id }))]);
        return PatchOp(new JsonArray(Operation(op, "members", values)));
    }

    private static JsonObject PatchOp(JsonArray operations) => new()
    {
        ["schemas"] = new JsonArray(ScimNames.PatchOp),
        ["Operations"] = operations,
    };

    private static JsonObject Operation(string op, string path, JsonNode? value) => new() { ["op"] = op, ["path"] = path, ["value"] = value };

    private static void AddIfPresent(JsonObject body, string name, string? value)
    {
        if (value is not null)
        {
            body[name] = value;
        }
    }

    private static void AddPhone(JsonArray phones, string type, string? value)
    {
        if (value is not null)
        {
            phones.Add(new JsonObject { ["type"] = type, ["value"] = value });
        }
    }
}
