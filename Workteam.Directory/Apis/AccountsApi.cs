using System.Text.Json.Serialization;
using Workteam.Directory.Accounts;
using Workteam.Directory.Data;
using Workteam.Directory.Members;
using Workteam.Directory.Security;

namespace Workteam.Directory.Apis;

public static class AccountsApi
{
    /// <summary><paramref name="Email"/> is null for a provisioned member without a usable email.</summary>
    public sealed record AccountResponse(
        Guid AccountId, string? Email, string Role, string Status, DateTimeOffset CreatedAt, Guid? ScimUserId, string? UserName, string? DisplayName,
        bool ManagedByEntra, bool EntraActive, bool SuspendedByAdmin, bool RoleFromEntra, DateTimeOffset? StatusChangedAt, Guid? StatusChangedBy)
    {
        public static AccountResponse From(Account account) =>
            new(account.Id, account.Email, account.Role.ToString(), account.Status.ToString(), account.CreatedAt,
                account.ScimUserId, account.UserName, account.DisplayName, account.ManagedByEntra, account.EntraActive, account.SuspendedByAdmin,
                account.RoleFromEntra, account.StatusChangedAt, account.StatusChangedBy);
    }

    public sealed record SeatsResponse(int InUse);

    public sealed record CreateAccount(string? Email, string? Password, [property: JsonConverter(typeof(JsonStringEnumConverter))] AccountRole Role);

    public sealed record ChangeAccount(
        [property: JsonConverter(typeof(JsonStringEnumConverter))] AccountRole? Role,
        [property: JsonConverter(typeof(JsonStringEnumConverter))] AccountStatus? Status);

    public static void MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/organizations/{organizationId:guid}/accounts")
            .RequireAuthorization()
            .AddEndpointFilter<OrganizationAdminFilter>();

        var reads = app.MapGroup("/api/organizations/{organizationId:guid}/accounts")
            .RequireAuthorization()
            .AddEndpointFilter<OwnOrganizationAdminFilter>();

        // → {"items": [...], "next": cursor|null, "total": n}, sorted by name.
        reads.MapGet("", async (
            Guid organizationId, string? q, string? status, string? role, string? managed, string? team, string? limit, string? cursor,
            MemberQueries members, CancellationToken cancellationToken) =>
        {
            var (parameters, error) = ListParameters.Parse(q, status, role, managed, team, limit, cursor);
            return parameters is null
                ? ActivityAndAuditApi.BadRequest(error!)
                : Results.Ok(await members.ListAsync(organizationId, parameters.Filter, parameters.Limit, parameters.After, cancellationToken));
        });

        reads.MapGet("/{accountId:guid}", async (Guid organizationId, Guid accountId, MemberDetails details, CancellationToken cancellationToken) =>
            await details.GetAsync(organizationId, accountId, cancellationToken) is { } detail
                ? Results.Ok(detail)
                : TypedResults.Problem("No such account in this organization.", statusCode: StatusCodes.Status404NotFound));

        app.MapGet("/api/organizations/{organizationId:guid}/seats", async (Guid organizationId, Seats seats, CancellationToken cancellationToken) =>
                Results.Ok(new SeatsResponse(await seats.InUseAsync(organizationId, cancellationToken))))
            .RequireAuthorization()
            .AddEndpointFilter<OrganizationAdminFilter>();

        accounts.MapPost("", async (Guid organizationId, CreateAccount request, AccountAdministration administration, CancellationToken cancellationToken) =>
        {
            var result = await administration.CreateAsync(organizationId, request.Email, request.Password, request.Role, cancellationToken);
            return result.Succeeded
                ? Results.Created($"/api/organizations/{organizationId}/accounts/{result.Value!.Id}", AccountResponse.From(result.Value))
                : ApiResults.Problem(result);
        });

        accounts.MapPatch("/{accountId:guid}", async (Guid organizationId, Guid accountId, ChangeAccount request, HttpContext context, AccountAdministration administration, CancellationToken cancellationToken) =>
        {
            var admin = CurrentAccount.From(context.User)!;
            var result = await administration.ChangeAsync(organizationId, accountId, new AccountChange(request.Role, request.Status), admin.AccountId, cancellationToken);
            return result.Succeeded ? Results.Ok(AccountResponse.From(result.Value!)) : ApiResults.Problem(result);
        });
    }
}
