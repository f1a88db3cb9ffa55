namespace PyChat.Client;

/// <summary>
/// <see cref="ChatRoom.SendAsync"/> refused to send: the room has a member whose identity key changed and is not
/// trusted yet (a <see cref="SendsHeld"/> event named it). Nothing was sent. Compare safety numbers, then
/// <see cref="ChatRoom.TrustAsync"/> the member, or leave the room; then send again.
/// </summary>
public sealed class PyChatSendsHeldException : PyChatException
{
    /// <summary>Creates the exception for <paramref name="room"/> and the members that hold its sends.</summary>
    public PyChatSendsHeldException(string room, IReadOnlyList<string> members)
        : base($"Nothing was sent to room '{room}': the identity key of {string.Join(", ", members)} changed and is not trusted yet. " +
            "Verify and trust it, or leave the room.")
    {
        Room = room;
        Members = members;
    }

    /// <summary>The room.</summary>
    public string Room { get; }

    /// <summary>The members with an untrusted changed key.</summary>
    public IReadOnlyList<string> Members { get; }
}
