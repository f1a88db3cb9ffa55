namespace PyChat.ConsoleClient.Rendering;

/// <summary>The marks that tell a verified message from an unverified one, in both output forms.</summary>
internal static class Marks
{
    public const string Verified = "✓";
    public const string Unverified = "!";

    /// <summary>A message of this user's that did not reach the room (the relay refused it, or no key or acknowledgement came).</summary>
    public const string NotSent = "✗";

    public static string For(bool verified) => verified ? Verified : Unverified;
}
