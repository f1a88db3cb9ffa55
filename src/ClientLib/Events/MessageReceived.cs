namespace PyChat.Client;

/// <summary>
/// A chat message that passed every check of docs/PROTOCOL.md §6.3: signature, sequence, epoch key,
/// MAC and age. Nothing else is ever raised as a message.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was received.</param>
/// <param name="Sender">The member who signed it.</param>
/// <param name="Text">The decrypted text.</param>
/// <param name="SentAt">The timestamp inside the encrypted token (the sender's clock, whole seconds).</param>
/// <param name="Epoch">The epoch of the room key it was encrypted with.</param>
/// <param name="SenderTrust">Whether the sender's identity key is remembered, new, or changed and not yet trusted.</param>
public sealed record MessageReceived(string Room, DateTimeOffset Time, string Sender, string Text, DateTimeOffset SentAt, uint Epoch, PeerTrust SenderTrust)
    : RoomEvent(Room, Time)
{
    /// <summary>
    /// Shown while the room caught up on what this client missed (the relay's replay after a resume, docs/PROTOCOL.md
    /// §5.1), not as it happened: an application may show it quietly, without a notification.
    /// </summary>
    public bool CaughtUp { get; init; }
}
