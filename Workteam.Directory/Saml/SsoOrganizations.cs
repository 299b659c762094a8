using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Accounts;
using Workteam.Directory.Data;

namespace Workteam.Directory.Saml;

/// <summary>
/// Finds where "Sign in with Microsoft Entra ID" goes from the address a person types: the organizations with single
/// sign-on enabled that have a member (by email or by the user name Entra provisioned) at that address's domain. No
/// domain is claimed or verified: an organization is offered only for the domains its own members use.
/// </summary>
public sealed class SsoOrganizations(DirectoryDbContext db)
{
    /// <summary>Organizations offered for one domain at most; a domain shared by more is unusual and the list stays short.</summary>
    private const int MaxChoices = 20;

    /// <summary>The domain of an email address or user principal name, or null when it is not one.</summary>
    public static string? DomainOf(string? address)
    {
        var at = address?.Trim().LastIndexOf('@') ?? -1;
        if (at <= 0)
        {
            return null;
        }

        var domain = address!.Trim()[(at + 1)..].ToLowerInvariant();
        // Letters, digits, hyphens and dots only: the domain goes into a LIKE pattern, which must not get wildcards.
        return domain.Length is > 0 and <= 253 && domain.Contains('.') && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')
            ? domain
            : null;
    }

    public async Task<IReadOnlyList<OrganizationChoice>> ForDomainAsync(string domain, CancellationToken cancellationToken)
    {
        var emailSuffix = "@" + domain.ToUpperInvariant();
        var userNamePattern = "%@" + domain;
        return await db.SamlSettings.AsNoTracking()
            .Where(s => s.Enabled)
            .Join(db.Organizations, s => s.OrganizationId, o => o.Id, (_, o) => o)
            .Where(o => db.Accounts.Any(a => a.OrganizationId == o.Id && !a.Deleted
                && (a.NormalizedEmail!.EndsWith(emailSuffix) || EF.Functions.ILike(a.UserName!, userNamePattern))))
            .OrderBy(o => o.Name)
            .Select(o => new OrganizationChoice(o.Id, o.Name))
            .Take(MaxChoices)
            .ToListAsync(cancellationToken);
    }
}
