using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Workteam.Directory.Members;

/// <summary>
/// Where a page of a list sorted by name ended: the sort key and id of its last row. Opaque to clients (base64url);
/// the next page starts strictly after it.
/// </summary>
public readonly record struct NameCursor(string Key, Guid Id)
{
    /// <summary>Keys are at most a SCIM string (1,024 characters), up to 4 bytes each in UTF-8.</summary>
    private const int MaxKeyBytes = 4096;

    public override string ToString()
    {
        var key = Encoding.UTF8.GetBytes(Key);
        var bytes = new byte[16 + key.Length];
        Id.TryWriteBytes(bytes, bigEndian: true, out _);
        key.CopyTo(bytes, 16);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static bool TryParse(string? value, [NotNullWhen(true)] out NameCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(value) || value.Length > (16 + MaxKeyBytes) * 4 / 3 + 4)
        {
            return false;
        }

        try
        {
            var bytes = WebEncoders.Base64UrlDecode(value);
            if (bytes.Length < 16)
            {
                return false;
            }

            var key = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 16, bytes.Length - 16);
            cursor = new NameCursor(key, new Guid(bytes.AsSpan(0, 16), bigEndian: true));
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>A page of a list with its total when it was counted.</summary>
public sealed record CountedPage<T>(IReadOnlyList<T> Items, string? Next, int Total);
