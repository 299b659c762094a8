using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Data;

namespace Workteam.Directory.Accounts;

public sealed record SignUpRequest(string? Name, string? AdminEmail, string? AdminPassword);

/// <summary>Creates an organization together with its first admin.</summary>
public sealed class OrganizationSignUp(DirectoryDbContext db, IPasswordHasher<Account> passwordHasher, TimeProvider clock)
{
    public async Task<Result<Organization>> SignUpAsync(SignUpRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            return Result<Organization>.Invalid("name", "Enter the organization's name (at most 200 characters).");
        }

        if (AccountRules.ValidateEmail(request.AdminEmail) is { } emailError)
        {
            return Result<Organization>.Invalid("adminEmail", emailError);
        }

        if (AccountRules.ValidatePassword(request.AdminPassword) is { } passwordError)
        {
            return Result<Organization>.Invalid("adminPassword", passwordError);
        }

        // Emails are unique within an organization, and a new organization has no one yet: signing up never
        // tells anyone whether an address is used elsewhere.
        var normalizedEmail = Account.Normalize(request.AdminEmail!);
        var now = clock.GetUtcNow();
        var organization = new Organization { Id = Guid.CreateVersion7(), Name = name, CreatedAt = now };
        var admin = new Account
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organization.Id,
            Email = request.AdminEmail!.Trim(),
            NormalizedEmail = normalizedEmail,
            Role = AccountRole.Admin,
            CreatedAt = now,
        };
        admin.PasswordHash = passwordHasher.HashPassword(admin, request.AdminPassword!);
        db.Organizations.Add(organization);
        db.Accounts.Add(admin);
        await db.SaveChangesAsync(cancellationToken);
        return Result<Organization>.Ok(organization);
    }
}
