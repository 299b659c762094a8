using System.Security.Claims;

namespace Workteam.Directory.Security;

/// <summary>The signed-in account, read from the session's claims.</summary>
public sealed record CurrentAccount(Guid AccountId, Guid OrganizationId, string Email, bool IsAdmin)
{
    public const string AdminPolicy = "OrganizationAdmin";

    public static CurrentAccount? From(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? new CurrentAccount(
                Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!),
                Guid.Parse(user.FindFirstValue(SessionAuthenticationHandler.OrganizationClaim)!),
                user.FindFirstValue(ClaimTypes.Email)!,
                user.IsInRole("Admin"))
            : null;

    /// <summary>Admins act only on their own organization.</summary>
    public bool AdministersOrganization(Guid organizationId) => IsAdmin && OrganizationId == organizationId;
}
