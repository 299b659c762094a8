using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workteam.Directory.Accounts;

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

/// <summary>
/// A person who can sign in to Workteam, in exactly one organization. A member provisioned by Entra ID is linked
/// to its SCIM user (<see cref="ScimUserId"/>) and may have no email yet; a deleted one stays as a tombstone with
/// its personal data erased, so late events about it are recognised and ignored.
/// </summary>
public sealed class Account
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The sign-in name; none for a provisioned member without a usable email, or once deleted.</summary>
    public string? Email { get; set; }

    /// <summary>
    /// Upper-case invariant email: unique within the organization, whatever its case. One person may have accounts
    /// in several organizations.
    /// </summary>
    public string? NormalizedEmail { get; set; }

    public string? PasswordHash { get; set; }

    public AccountRole Role { get; set; }

    /// <summary>
    /// Whether the member has access: <see cref="AccountStatus.Active"/> only while both Entra's switch and the
    /// admins' allow it (<see cref="EntraActive"/>, <see cref="SuspendedByAdmin"/>; decision 0019). The database
    /// computes it (<see cref="AccessSwitches.StatusSql"/>); set the switches instead.
    /// </summary>
    public AccountStatus Status { get; private set; }

    /// <summary>Entra's switch: SCIM <c>active</c>. Always true for an account Entra does not manage.</summary>
    public bool EntraActive { get; set; } = true;

    /// <summary>The admins' switch: suspended in Workteam.</summary>
    public bool SuspendedByAdmin { get; set; }

    /// <summary>Whether the role comes from Entra's app roles, so that Workteam does not change it.</summary>
    public bool RoleFromEntra { get; set; }

    /// <summary>When <see cref="Status"/> last changed.</summary>
    public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>The admin who last changed <see cref="Status"/>; null when Entra did (or it never changed).</summary>
    public Guid? StatusChangedBy { get; set; }

    public int FailedSignInCount { get; set; }

    public DateTimeOffset? LockedOutUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The SCIM user this account is provisioned from, unique within the organization.</summary>
    public Guid? ScimUserId { get; set; }

    /// <summary>The version of the newest SCIM event applied to this account.</summary>
    public long ScimVersion { get; set; }

    public string? UserName { get; set; }

    public string? ExternalId { get; set; }

    public string? DisplayName { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public string? Title { get; set; }

    public string? Department { get; set; }

    public Guid? ManagerScimUserId { get; set; }

    /// <summary>The other attributes Entra sent that people read (employee number, phones, …), as a JSON object of text.</summary>
    public string? OtherAttributes { get; set; }

    /// <summary>Deleted through SCIM: a tombstone without personal data that can never sign in again.</summary>
    public bool Deleted { get; set; }

    public bool IsActiveAdmin => Role == AccountRole.Admin && Status == AccountStatus.Active;

    public bool ManagedByEntra => ScimUserId is not null;

    /// <summary>Sets Entra's switch; answers whether that took the member's access away.</summary>
    public bool SetEntraActive(bool active, DateTimeOffset now) => Switch(() => EntraActive = active, now, changedBy: null);

    /// <summary>Sets the admins' switch for <paramref name="adminId"/>; answers whether that took the member's access away.</summary>
    public bool SetSuspendedByAdmin(bool suspended, DateTimeOffset now, Guid adminId) => Switch(() => SuspendedByAdmin = suspended, now, adminId);

    /// <summary>Deleted through SCIM: no access, ever again.</summary>
    public void MarkDeleted(DateTimeOffset now) => Switch(() => Deleted = true, now, changedBy: null);

    /// <summary>
    /// Changes a switch, keeps <see cref="Status"/> as the database will compute it, and notes who changed the status
    /// (<paramref name="changedBy"/> null for Entra).
    /// </summary>
    private bool Switch(Action change, DateTimeOffset now, Guid? changedBy)
    {
        var before = Status;
        change();
        Status = AccessSwitches.Effective(EntraActive, SuspendedByAdmin, Deleted);
        if (Status == before)
        {
            return false;
        }

        StatusChangedAt = now;
        StatusChangedBy = changedBy;
        return Status == AccountStatus.Suspended;
    }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    /// <summary>How lists and messages name the account: its email, else its SCIM userName.</summary>
    public string Label => Email ?? UserName ?? (Deleted ? "(deleted member)" : "(no email)");
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    /// <summary>As long as ScimApi lets a SCIM string be.</summary>
    public const int ScimTextLength = 1024;

    public void Configure(EntityTypeBuilder<Account> account)
    {
        account.ToTable("accounts");
        account.HasKey(a => a.Id);
        account.Property(a => a.Email).HasMaxLength(320);
        account.Property(a => a.NormalizedEmail).HasMaxLength(320);
        account.HasIndex(a => new { a.NormalizedEmail, a.OrganizationId }).IsUnique();
        account.HasIndex(a => new { a.OrganizationId, a.ScimUserId }).IsUnique();
        account.Property(a => a.UserName).HasMaxLength(ScimTextLength);
        account.Property(a => a.ExternalId).HasMaxLength(ScimTextLength);
        account.Property(a => a.DisplayName).HasMaxLength(ScimTextLength);
        account.Property(a => a.GivenName).HasMaxLength(ScimTextLength);
        account.Property(a => a.FamilyName).HasMaxLength(ScimTextLength);
        account.Property(a => a.Title).HasMaxLength(ScimTextLength);
        account.Property(a => a.Department).HasMaxLength(ScimTextLength);
        account.Property(a => a.OtherAttributes).HasColumnType("jsonb");
        account.Property(a => a.Role).HasConversion<string>().HasMaxLength(20);
        account.Property(a => a.Status).HasConversion<string>().HasMaxLength(20).HasComputedColumnSql(AccessSwitches.StatusSql, stored: true);
        account.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
