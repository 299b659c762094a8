using System.Security.Cryptography;
using System.Text;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// A message id derived from another id and a purpose, so a message published again while handling a
/// re-delivered message has the same id as the first time and its consumers recognise it.
/// </summary>
public static class DeterministicGuid
{
    public static Guid From(Guid source, string purpose)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData([.. source.ToByteArray(), .. Encoding.UTF8.GetBytes(purpose)], hash);
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5-style, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
