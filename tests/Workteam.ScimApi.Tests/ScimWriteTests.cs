using System.Diagnostics;
using Workteam.Contracts.Provisioning;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Tests;

public sealed class ScimWriteTests
{
    [Theory]
    [InlineData("post", "POST 201")]
    [InlineData("PUT", "PUT 200")]
    [InlineData("PATCH", "PATCH 200")]
    [InlineData("DELETE", "DELETE 204")]
    public void A_write_starts_with_its_success_status(string method, string request)
    {
        var write = new ScimWrite();
        write.Begin(method);
        Assert.Equal(request, write.Request);
        Assert.Equal(int.Parse(request[^3..]), ScimRequestHeaders.StatusOf(write.Request));
    }

    [Fact]
    public void A_write_carries_the_trace_of_its_request()
    {
        using var activity = new Activity("scim request").SetIdFormat(ActivityIdFormat.W3C).Start();
        var write = new ScimWrite();
        write.Begin("PATCH");
        Assert.Equal(activity.TraceId.ToString(), ScimRequestHeaders.TraceIdOf(write.TraceParent));
        Assert.Contains(activity.SpanId.ToString(), write.TraceParent);
    }

    [Fact]
    public void Without_a_trace_there_is_no_traceparent()
    {
        Activity.Current = null;
        var write = new ScimWrite();
        write.Begin("POST");
        Assert.Null(write.TraceParent);
        Assert.Null(new ScimWrite().Request);
    }
}
