using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Workteam.Directory.Members;

/// <summary>
/// Where a page of a list sorted by name ended: the sort key and id of its last row, and the list's total as the
/// first page counted it, so that later pages need not count again. Opaque to clients (base64url); the next page
/// starts strictly after it.
/// </summary>
public readonly record struct NameCursor(string Key, Guid Id, int Total)
{
    private const int HeaderBytes = 16 + sizeof(int);

    /// <summary>Keys are at most a SCIM string (1,024 characters), up to 4 bytes each in UTF-8.</summary>
    private const int MaxKeyBytes = 4096;

    public override string ToString()
    {
        var key = Encoding.UTF8.GetBytes(Key);
        var bytes = new byte[HeaderBytes + key.Length];
        Id.TryWriteBytes(bytes, bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), Total);
        key.CopyTo(bytes, HeaderBytes);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static bool TryParse(string? value, [NotNullWhen(true)] out NameCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(value) || value.Length > (HeaderBytes + MaxKeyBytes) * 4 / 3 + 4)
        {
            return false;
        }

        try
        {
            var bytes = WebEncoders.Base64UrlDecode(value);
            var total = bytes.Length < HeaderBytes ? -1 : BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
            if (total < 0)
            {
                return false;
            }

            var key = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, HeaderBytes, bytes.Length - HeaderBytes);
            cursor = new NameCursor(key, new Guid(bytes.AsSpan(0, 16), bigEndian: true), total);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>A page of a list with the list's total as its first page counted it.</summary>
public sealed record CountedPage<T>(IReadOnlyList<T> Items, string? Next, int Total);
