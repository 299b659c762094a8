using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// Generated, lower-cased columns in the "C" collation that member and team searches and lists use: a prefix search
/// is an index range on one of them (<c>key &gt;= prefix AND key &lt; prefix || U+10FFFF</c>), whatever plan
/// PostgreSQL picks, and lists are keyset-paged on <see cref="SortKey"/> and the id.
/// </summary>
public static class SearchKeys
{
    public const string SortKey = "SortKey";
    public const string DisplayNameKey = "DisplayNameKey";
    public const string EmailKey = "EmailKey";
    public const string UserNameKey = "UserNameKey";
    public const string NameKey = "NameKey";

    public static PropertyBuilder<string> Key<T>(this EntityTypeBuilder<T> entity, string name, string sql)
        where T : class =>
        entity.Property<string>(name).HasComputedColumnSql(sql, stored: true).UseCollation("C");
}

internal sealed class AccountSearchConfiguration : IEntityTypeConfiguration<Account>
{
    private const string NotDeleted = "NOT deleted";

    public void Configure(EntityTypeBuilder<Account> account)
    {
        // The name a list shows first, and sorts by: the display name, else the email, else the userName.
        account.Key(SearchKeys.SortKey, "lower(coalesce(display_name, email, user_name, ''))");
        account.Key(SearchKeys.DisplayNameKey, "lower(display_name)");
        account.Key(SearchKeys.EmailKey, "lower(email)");
        account.Key(SearchKeys.UserNameKey, "lower(user_name)");
        account.HasIndex(nameof(Account.OrganizationId), SearchKeys.SortKey, nameof(Account.Id)).HasDatabaseName("ix_accounts_sort");
        account.HasIndex(nameof(Account.OrganizationId), SearchKeys.DisplayNameKey).HasDatabaseName("ix_accounts_display_name_key");
        account.HasIndex(nameof(Account.OrganizationId), SearchKeys.EmailKey).HasDatabaseName("ix_accounts_email_key");
        account.HasIndex(nameof(Account.OrganizationId), SearchKeys.UserNameKey).HasDatabaseName("ix_accounts_user_name_key");

        // Each filter of the lists leads an index of its own, in the list's order, so that a filter that matches few
        // members reads only those; the status index also counts the seats in use without reading the table.
        account.HasIndex([nameof(Account.OrganizationId), nameof(Account.Status), SearchKeys.SortKey, nameof(Account.Id)], "ix_accounts_status")
            .HasDatabaseName("ix_accounts_status").HasFilter(NotDeleted);
        account.HasIndex([nameof(Account.OrganizationId), nameof(Account.Role), SearchKeys.SortKey, nameof(Account.Id)], "ix_accounts_role")
            .HasDatabaseName("ix_accounts_role").HasFilter(NotDeleted);
        account.HasIndex([nameof(Account.OrganizationId), SearchKeys.SortKey, nameof(Account.Id)], "ix_accounts_managed")
            .HasDatabaseName("ix_accounts_managed").HasFilter("scim_user_id IS NOT NULL AND " + NotDeleted);
        account.HasIndex([nameof(Account.OrganizationId), SearchKeys.SortKey, nameof(Account.Id)], "ix_accounts_workteam_only")
            .HasDatabaseName("ix_accounts_workteam_only").HasFilter("scim_user_id IS NULL AND " + NotDeleted);
    }
}

internal sealed class TeamSearchConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> team)
    {
        team.Key(SearchKeys.NameKey, "lower(coalesce(display_name, ''))");
        team.HasIndex(nameof(Team.OrganizationId), SearchKeys.NameKey, nameof(Team.Id)).HasDatabaseName("ix_teams_name");
    }
}
