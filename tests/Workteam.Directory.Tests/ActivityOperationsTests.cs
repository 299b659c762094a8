using Workteam.Contracts.Provisioning;
using Workteam.Directory.Activity;

namespace Workteam.Directory.Tests;

public sealed class ActivityOperationsTests
{
    private static readonly Guid Organization = Guid.NewGuid();
    private static readonly Guid Resource = Guid.NewGuid();
    private static readonly ScimUserProfile Profile = new("ada@contoso.test", null, true, null, null, null, [], null, null, null, []);

    public static TheoryData<IScimResourceEvent, string, string, int> Events => new()
    {
        { new UserProvisioned(Organization, Resource, 1, DateTimeOffset.UnixEpoch, Profile), "Create user", "User", 201 },
        { new UserUpdated(Organization, Resource, 2, DateTimeOffset.UnixEpoch, Profile), "Update user", "User", 200 },
        { new UserDeactivated(Organization, Resource, 3, DateTimeOffset.UnixEpoch, Profile), "Disable user", "User", 200 },
        { new UserReactivated(Organization, Resource, 4, DateTimeOffset.UnixEpoch, Profile), "Enable user", "User", 200 },
        { new UserDeleted(Organization, Resource, 5, DateTimeOffset.UnixEpoch), "Delete user", "User", 204 },
        { new GroupCreated(Organization, Resource, 1, DateTimeOffset.UnixEpoch, "Sales", null), "Create group", "Group", 201 },
        { new GroupRenamed(Organization, Resource, 2, DateTimeOffset.UnixEpoch, "Sales EMEA"), "Rename group", "Group", 204 },
        { new GroupMembersAdded(Organization, Resource, 3, DateTimeOffset.UnixEpoch, [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()]), "Add 3 members", "Group", 204 },
        { new GroupMembersRemoved(Organization, Resource, 4, DateTimeOffset.UnixEpoch, [Guid.NewGuid()]), "Remove 1 member", "Group", 204 },
        { new GroupDeleted(Organization, Resource, 5, DateTimeOffset.UnixEpoch), "Delete group", "Group", 204 },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void An_event_reads_as_the_change_Entra_made(IScimResourceEvent message, string operation, string resourceType, int status)
    {
        Assert.Equal(operation, ActivityOperations.Of(message));
        Assert.Equal(resourceType, ActivityOperations.ResourceTypeOf(message));
        Assert.Equal(status, ActivityOperations.DefaultStatus(message));
    }

    [Theory]
    [InlineData("POST", "/Users", "Create user", "User", false)]
    [InlineData("PUT", "/Users/{id}", "Replace user", "User", true)]
    [InlineData("PATCH", "/Groups/{id}", "Update group", "Group", true)]
    [InlineData("DELETE", "/Groups/{id}", "Delete group", "Group", true)]
    [InlineData("POST", "/Bulk", "POST /Bulk", null, false)]
    [InlineData("PATCH", "/Users/not-a-guid", "Update user", "User", false)]
    public void A_request_reads_as_what_it_asked_for(string method, string path, string operation, string? resourceType, bool hasId)
    {
        var id = Guid.NewGuid();
        var target = ActivityOperations.OfRequest(method, path.Replace("{id}", id.ToString()));
        Assert.Equal(operation, target.Operation);
        Assert.Equal(resourceType, target.ResourceType);
        Assert.Equal(hasId ? id : null, target.ScimId);
        Assert.Equal(target, ActivityOperations.OfRequest($"{method} {path.Replace("{id}", id.ToString())}"));
    }

    [Fact]
    public void A_long_unknown_path_is_shortened()
    {
        var target = ActivityOperations.OfRequest("GET", "/" + new string('x', 500) + "?filter=secret");
        Assert.True(target.Operation.Length < 170);
        Assert.DoesNotContain("filter", target.Operation);
    }

    [Theory]
    [InlineData("PATCH 204", 204)]
    [InlineData("POST 201", 201)]
    [InlineData("PATCH", null)]
    [InlineData(null, null)]
    public void The_status_comes_from_the_request_header(string? header, int? status) =>
        Assert.Equal(status, ScimRequestHeaders.StatusOf(header));

    [Fact]
    public void The_trace_id_comes_from_the_traceparent()
    {
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", ScimRequestHeaders.TraceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        Assert.Null(ScimRequestHeaders.TraceIdOf("garbage"));
        Assert.Null(ScimRequestHeaders.TraceIdOf(null));
    }
}
