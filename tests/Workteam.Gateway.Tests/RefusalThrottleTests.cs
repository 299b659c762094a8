using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workteam.Contracts;
using Workteam.Gateway.Refusals;
using Workteam.Gateway.Scim;

namespace Workteam.Gateway.Tests;

public sealed class RefusalThrottleTests
{
    private static readonly Guid OrganizationA = Guid.CreateVersion7();
    private static readonly Guid OrganizationB = Guid.CreateVersion7();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 5, TimeSpan.Zero));
    private readonly RefusalThrottle _throttle;

    public RefusalThrottleTests() => _throttle = new RefusalThrottle(_clock, Options.Create(new ScimGatewayOptions()));

    [Fact]
    public void Ten_a_minute_are_recorded_one_by_one_and_the_rest_become_one_summary_once_the_minute_has_ended()
    {
        var admitted = new List<bool>();
        ScimRefusal last = null!;
        for (var i = 0; i < 25; i++)
        {
            last = Refusal(OrganizationA, "This token was revoked.");
            admitted.Add(_throttle.Admit(last, RefusalKind.RetiredToken));
            _clock.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(Enumerable.Repeat(true, 10).Concat(Enumerable.Repeat(false, 15)), admitted);
        Assert.Empty(_throttle.TakeSummaries());

        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 8, 1, 0, TimeSpan.Zero));
        var summary = Assert.Single(_throttle.TakeSummaries());
        Assert.Equal("And 15 more requests refused for the same reason between 08:00 and 08:01 UTC: This token was revoked.", summary.Reason);
        Assert.Equal((OrganizationA, last.At, last.Method, last.Path, last.Status), (summary.OrganizationId, summary.At, summary.Method, summary.Path, summary.Status));
        Assert.NotEqual(last.Id, summary.Id);
        Assert.Empty(_throttle.TakeSummaries());

        Assert.True(_throttle.Admit(Refusal(OrganizationA, "This token was revoked."), RefusalKind.RetiredToken));
    }

    [Fact]
    public void Each_organization_and_kind_of_refusal_has_its_own_count()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.True(_throttle.Admit(Refusal(OrganizationA, "unknown"), RefusalKind.UnknownToken));
        }

        Assert.False(_throttle.Admit(Refusal(OrganizationA, "unknown"), RefusalKind.UnknownToken));
        Assert.True(_throttle.Admit(Refusal(OrganizationA, "too fast"), RefusalKind.RateLimited));
        Assert.True(_throttle.Admit(Refusal(OrganizationB, "unknown"), RefusalKind.UnknownToken));
    }

    [Fact]
    public void A_refusal_in_a_new_minute_ends_the_last_one_and_its_summary_waits_to_be_taken()
    {
        for (var i = 0; i < 11; i++)
        {
            _throttle.Admit(Refusal(OrganizationA, "unknown"), RefusalKind.UnknownToken);
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(_throttle.Admit(Refusal(OrganizationA, "unknown"), RefusalKind.UnknownToken));

        var summary = Assert.Single(_throttle.TakeSummaries());
        Assert.StartsWith("And 1 more request refused for the same reason between 08:00 and 08:01 UTC", summary.Reason);
    }

    private ScimRefusal Refusal(Guid organizationId, string reason) =>
        new(Guid.CreateVersion7(), organizationId, _clock.GetUtcNow(), "GET", "/Users", 401, reason, null);
}
