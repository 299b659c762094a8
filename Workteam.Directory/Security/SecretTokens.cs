using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Workteam.Directory.Security;

/// <summary>
/// Random bearer secrets with a recognizable prefix, so secret scanners can spot a leaked one:
/// <c>wtscim_</c> for SCIM tokens, <c>wtses_</c> for session tokens, <c>wtinv_</c> for invitation codes,
/// <c>wtpwr_</c> for password-reset codes.
/// 256 random bits each.
/// </summary>
public static class SecretTokens
{
    public const string ScimPrefix = "wtscim_";
    public const string SessionPrefix = "wtses_";
    public const string InvitationPrefix = "wtinv_";
    public const string PasswordResetPrefix = "wtpwr_";

    /// <summary>How much of a token the console shows to tell tokens apart.</summary>
    public const int DisplayedLength = 14;

    public static string Generate(string prefix) => prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string DisplayPrefix(string token) => token[..DisplayedLength];
}
