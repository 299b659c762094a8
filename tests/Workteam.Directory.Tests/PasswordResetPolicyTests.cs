using Microsoft.Extensions.Time.Testing;
using Workteam.Directory.Accounts;
using Workteam.Directory.Data;

namespace Workteam.Directory.Tests;

/// <summary>Password-reset links last an hour and work once; an account gets at most 3 mails an hour.</summary>
public sealed class PasswordResetPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    private PasswordResetPolicy Policy => new(_clock);

    [Fact]
    public void A_link_works_until_an_hour_after_it_was_mailed()
    {
        var account = WithPassword();
        var reset = NewReset(account);

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(Policy.IsUsable(reset, account));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(Policy.IsUsable(reset, account));
    }

    [Fact]
    public void A_used_or_withdrawn_link_no_longer_works()
    {
        var account = WithPassword();
        var used = NewReset(account);
        used.UsedAt = _clock.GetUtcNow();
        var withdrawn = NewReset(account);
        withdrawn.WithdrawnAt = _clock.GetUtcNow();

        Assert.False(Policy.IsUsable(used, account));
        Assert.False(Policy.IsUsable(withdrawn, account));
    }

    [Fact]
    public void A_link_stops_working_when_the_member_loses_access()
    {
        var account = WithPassword();
        var reset = NewReset(account);

        account.SetEntraActive(false, _clock.GetUtcNow());

        Assert.False(Policy.IsUsable(reset, account));
    }

    [Fact]
    public void Three_mails_an_hour_then_none_until_the_first_is_an_hour_old()
    {
        var account = WithPassword();
        var mailed = new List<DateTimeOffset>();
        for (var i = 0; i < PasswordResetPolicy.MailsPerWindow; i++)
        {
            Assert.True(Policy.MayMail(account, mailed));
            mailed.Add(_clock.GetUtcNow());
            _clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.False(Policy.MayMail(account, mailed));
        _clock.SetUtcNow(Start + TimeSpan.FromMinutes(59));
        Assert.False(Policy.MayMail(account, mailed));
        _clock.SetUtcNow(Start + TimeSpan.FromHours(1));
        Assert.True(Policy.MayMail(account, mailed));
    }

    [Fact]
    public void Suspended_Entra_disabled_and_passwordless_accounts_get_no_mail()
    {
        var suspended = WithPassword();
        suspended.SetSuspendedByAdmin(true, Start, Guid.NewGuid());
        var disabled = WithPassword();
        disabled.SetEntraActive(false, Start);
        var invited = WithPassword();
        invited.PasswordHash = null;

        Assert.True(Policy.MayMail(WithPassword(), []));
        Assert.False(Policy.MayMail(suspended, []));
        Assert.False(Policy.MayMail(disabled, []));
        Assert.False(Policy.MayMail(invited, []));
    }

    private static Account WithPassword() =>
        new() { Id = Guid.NewGuid(), Email = "ada@example.test", NormalizedEmail = "ADA@EXAMPLE.TEST", PasswordHash = "hash" };

    private PasswordReset NewReset(Account account) => new()
    {
        Id = Guid.NewGuid(),
        AccountId = account.Id,
        CodeHash = [1, 2, 3],
        CreatedAt = _clock.GetUtcNow(),
        ExpiresAt = Policy.ExpiresAt,
    };
}
