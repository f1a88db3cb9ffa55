namespace PyChat.ConsoleClient.Rendering;

/// <summary>One member in the <c>/who</c> list.</summary>
/// <param name="KeyChanged">The member's key differs from the one remembered, and the user has not trusted it.</param>
internal sealed record MemberRow(string Name, bool IsHub, bool IsSelf, bool KeyChanged, string Fingerprint);
