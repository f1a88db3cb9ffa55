namespace PyChat.ConsoleClient.Rendering;

/// <summary>The marks that tell a verified message from an unverified one, in both output forms.</summary>
internal static class Marks
{
    public const string Verified = "✓";
    public const string Unverified = "!";

    public static string For(bool verified) => verified ? Verified : Unverified;
}
