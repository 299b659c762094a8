using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Saml;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages.Organization;

/// <summary>Organization settings → Single sign-on (SAML); admins only. Saves through the same service as the admin API.</summary>
public sealed class SingleSignOnModel(SamlSettingsStore saml, TimeProvider clock) : PageModel
{
    /// <summary>Federation metadata larger than this is refused before it is read (Entra's is a few kilobytes).</summary>
    public const int MaxMetadataBytes = 256 * 1024;

    /// <summary>How long before its expiry a signing certificate is flagged.</summary>
    private static readonly TimeSpan ExpirySoon = TimeSpan.FromDays(30);

    public SamlSettingsView Settings { get; private set; } = null!;

    public string? Message { get; private set; }

    [BindProperty, Display(Name = "Federation Metadata XML file")]
    public IFormFile? MetadataFile { get; set; }

    [BindProperty, Display(Name = "Federation Metadata XML")]
    public string? MetadataXml { get; set; }

    [BindProperty, Display(Name = "Login URL")]
    public string? IdpSignOnUrl { get; set; }

    [BindProperty, Display(Name = "Microsoft Entra Identifier")]
    public string? IdpEntityId { get; set; }

    [BindProperty, Display(Name = "Signing certificate (Base64)")]
    public string? IdpCertificate { get; set; }

    [BindProperty, Display(Name = "Enable SSO")]
    public bool Enabled { get; set; }

    [BindProperty, Display(Name = "Require SSO for members")]
    public bool Required { get; set; }

    public bool HasSeparateValues => !string.IsNullOrWhiteSpace(IdpSignOnUrl) || !string.IsNullOrWhiteSpace(IdpEntityId) || !string.IsNullOrWhiteSpace(IdpCertificate);

    private CurrentAccount Admin => CurrentAccount.From(User)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        Admin.IsAdmin ? await ShowAsync(null, cancellationToken) : Forbid();

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!Admin.IsAdmin)
        {
            return Forbid();
        }

        var metadata = await ReadMetadataAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return await ShowAsync(null, cancellationToken);
        }

        var result = await saml.UpdateAsync(Admin.OrganizationId,
            new SamlSettingsUpdate(Enabled, Required, metadata, Blank(IdpEntityId), Blank(IdpSignOnUrl), Blank(IdpCertificate)),
            Admin.AccountId, cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, result.Error!);
            return await ShowAsync(null, cancellationToken);
        }

        MetadataXml = IdpEntityId = IdpSignOnUrl = IdpCertificate = null;
        ModelState.Clear();
        return await ShowAsync("Single sign-on settings saved.", cancellationToken);
    }

    /// <summary>How the expiry column reads: a note, and whether to flag it.</summary>
    public (string Note, bool Warning) Expiry(DateTimeOffset notAfter)
    {
        var now = clock.GetUtcNow();
        return notAfter <= now ? ("(expired: responses it signs are refused)", true)
            : notAfter - now <= ExpirySoon ? ("(expires soon: add Entra's new certificate)", true)
            : ("", false);
    }

    /// <summary>The uploaded file wins over the pasted text; either may be absent.</summary>
    private async Task<string?> ReadMetadataAsync(CancellationToken cancellationToken)
    {
        if (MetadataFile is not { Length: > 0 } file)
        {
            return Blank(MetadataXml);
        }

        if (file.Length > MaxMetadataBytes)
        {
            ModelState.AddModelError(nameof(MetadataFile), $"The metadata file is larger than {MaxMetadataBytes / 1024} KB: is it Entra's Federation Metadata XML?");
            return null;
        }

        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task<IActionResult> ShowAsync(string? message, CancellationToken cancellationToken)
    {
        Settings = (await saml.GetAsync(Admin.OrganizationId, cancellationToken)).Value!;
        if (ModelState.IsValid)
        {
            Enabled = Settings.Enabled;
            Required = Settings.Required;
        }

        Message = message;
        return Page();
    }
}
