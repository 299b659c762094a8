using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

public enum AccountRole
{
    Member,
    Admin,
}

public enum AccountStatus
{
    Active,
    Suspended,
}

/// <summary>A person who can sign in to Workteam, in exactly one organization.</summary>
public sealed class Account
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string Email { get; set; }

    /// <summary>Upper-case invariant email: sign-in names are unique across Workteam, whatever their case.</summary>
    public required string NormalizedEmail { get; set; }

    public string? PasswordHash { get; set; }

    public AccountRole Role { get; set; }

    public AccountStatus Status { get; set; }

    public int FailedSignInCount { get; set; }

    public DateTimeOffset? LockedOutUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsActiveAdmin => Role == AccountRole.Admin && Status == AccountStatus.Active;

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> account)
    {
        account.ToTable("accounts");
        account.HasKey(a => a.Id);
        account.Property(a => a.Email).HasMaxLength(320);
        account.Property(a => a.NormalizedEmail).HasMaxLength(320);
        account.HasIndex(a => a.NormalizedEmail).IsUnique();
        account.HasIndex(a => a.OrganizationId);
        account.Property(a => a.Role).HasConversion<string>().HasMaxLength(20);
        account.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        account.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
