namespace Workteam.Directory.Provisioning.Guard;

/// <summary>Settings of the mass-deprovisioning guard (<c>Directory:DeprovisioningGuard</c>).</summary>
public sealed class DeprovisioningGuardOptions
{
    public const string Section = "Directory:DeprovisioningGuard";

    /// <summary>The share of the organization's active members that may be deprovisioned within <see cref="Window"/>.</summary>
    public double Share { get; set; } = 0.2;

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Up to this many deprovisionings in the window are always applied, so one leaver never trips a small organization.</summary>
    public int MinimumActions { get; set; } = 3;
}
