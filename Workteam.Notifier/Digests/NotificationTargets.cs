using System.Net;
using System.Net.Http.Json;
using Workteam.Contracts;

namespace Workteam.Notifier.Digests;

/// <summary>Asks Directory (through service discovery) where an organization's failure notifications go.</summary>
public sealed class NotificationTargets(HttpClient directory)
{
    public const string DirectoryAddress = "http://directory";

    /// <summary>The organization's name and notification email; null when Directory does not know the organization.</summary>
    public async Task<OrganizationNotificationTarget?> FindAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        using var response = await directory.GetAsync($"/internal/organizations/{organizationId}/notification", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<OrganizationNotificationTarget>(cancellationToken)
            ?? throw new InvalidOperationException("Directory answered an empty notification target.");
    }
}
