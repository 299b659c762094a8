using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Workteam.Notifier.Email;

/// <summary>Healthy when the SMTP server greets us and answers NOOP.</summary>
public sealed class SmtpHealthCheck(EmailSender sender) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = await sender.ConnectAsync(cancellationToken);
            await client.NoOpAsync(cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"SMTP server unreachable: {e.Message}");
        }
    }
}
