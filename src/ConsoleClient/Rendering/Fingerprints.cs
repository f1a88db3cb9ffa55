namespace PyChat.ConsoleClient.Rendering;

internal static class Fingerprints
{
    /// <summary>Lower-case hex digits only, so fingerprints written with or without spaces compare equal.</summary>
    public static string Normalize(string fingerprint) =>
        string.Concat(fingerprint.Where(char.IsAsciiHexDigit)).ToLowerInvariant();

    /// <summary>Groups of four hex digits, the form people read aloud.</summary>
    public static string Grouped(string fingerprint) =>
        string.Join(' ', Normalize(fingerprint).Chunk(4).Select(group => new string(group)));
}
