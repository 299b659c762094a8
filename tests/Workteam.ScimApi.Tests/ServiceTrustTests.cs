using Workteam.Contracts;

namespace Workteam.ScimApi.Tests;

/// <summary>The gateway's signed organization assertion and the internal service token (decision 0013).</summary>
public sealed class ServiceTrustTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Organization = Guid.CreateVersion7();
    private readonly ServiceTrust _trust = new(new string('k', 40) + "deployment");

    [Fact]
    public void An_assertion_is_valid_for_its_organization_until_it_expires()
    {
        var assertion = _trust.CreateAssertion(Organization, Now);

        Assert.True(_trust.VerifyAssertion(assertion, Organization, Now));
        Assert.True(_trust.VerifyAssertion(assertion, Organization, Now + ServiceTrust.AssertionLifetime));
        Assert.False(_trust.VerifyAssertion(assertion, Organization, Now + ServiceTrust.AssertionLifetime + TimeSpan.FromSeconds(1)));
        Assert.False(_trust.VerifyAssertion(assertion, Guid.CreateVersion7(), Now));
    }

    [Fact]
    public void An_assertion_signed_with_another_secret_tampered_or_malformed_is_refused()
    {
        var assertion = _trust.CreateAssertion(Organization, Now);
        var parts = assertion.Split('.');
        var other = new ServiceTrust(new string('o', 40) + "other deployment");

        Assert.False(_trust.VerifyAssertion(other.CreateAssertion(Organization, Now), Organization, Now));
        Assert.False(_trust.VerifyAssertion($"{parts[0]}.{parts[1]}.{long.Parse(parts[2]) + 3600}.{parts[3]}", Organization, Now));
        Assert.False(_trust.VerifyAssertion($"{parts[0]}.{Guid.CreateVersion7():N}.{parts[2]}.{parts[3]}", Organization, Now));
        Assert.False(_trust.VerifyAssertion($"2.{parts[1]}.{parts[2]}.{parts[3]}", Organization, Now));
        foreach (var malformed in new[] { null, "", "1", "1.x.y.z", $"1.{Organization:N}.-5.{parts[3]}", $"1.{Organization:N}.{parts[2]}.!!!", assertion + ".extra" })
        {
            Assert.False(_trust.VerifyAssertion(malformed, Organization, Now), malformed);
        }
    }

    [Fact]
    public void Only_this_deployments_service_token_passes()
    {
        Assert.True(_trust.VerifyInternalToken(_trust.InternalToken));
        Assert.False(_trust.VerifyInternalToken(new ServiceTrust(new string('o', 40) + "other deployment").InternalToken));
        Assert.False(_trust.VerifyInternalToken(null));
        Assert.False(_trust.VerifyInternalToken("wtsvc_"));
        Assert.Throws<ArgumentException>(() => new ServiceTrust("short"));
    }
}
