using System.Security.Cryptography;

namespace PyChat.Relay.Commands;

/// <summary>A registered key as people compare it: SHA-256 of the SPKI in groups of four hex digits, as the console client prints it.</summary>
internal static class IdentityFingerprint
{
    public static string Of(byte[] subjectPublicKeyInfo) =>
        string.Join(' ', Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo)).Chunk(4).Select(group => new string(group)));
}
