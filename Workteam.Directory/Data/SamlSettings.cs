using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// An organization's single sign-on through SAML: its identity provider (Entra) and whether members may or must use
/// it. No row means SSO was never configured.
/// </summary>
public sealed class SamlSettings
{
    public Guid OrganizationId { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Members cannot sign in with a password while SSO is enabled and required; admins still can.</summary>
    public bool Required { get; set; }

    public string? IdpEntityId { get; set; }

    public string? IdpSignOnUrl { get; set; }

    /// <summary>The identity provider's signing certificates, Base64 DER; several during Entra's certificate rollover.</summary>
    public List<string> IdpCertificates { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid? UpdatedByAccountId { get; set; }

    public bool HasIdentityProvider => IdpEntityId is not null && IdpSignOnUrl is not null && IdpCertificates.Count > 0;
}

internal sealed class SamlSettingsConfiguration : IEntityTypeConfiguration<SamlSettings>
{
    public void Configure(EntityTypeBuilder<SamlSettings> settings)
    {
        settings.ToTable("saml_settings");
        settings.HasKey(s => s.OrganizationId);
        settings.Property(s => s.IdpEntityId).HasMaxLength(1024);
        settings.Property(s => s.IdpSignOnUrl).HasMaxLength(2048);
        settings.HasOne<Organization>().WithOne().HasForeignKey<SamlSettings>(s => s.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
