namespace PyChat.Client;

/// <summary>
/// <see cref="ChatRoom.SendAsync"/> sent nothing: the client already holds
/// <see cref="PyChatClientOptions.OutboxCapacity"/> messages that the relay has not acknowledged yet (while
/// disconnected they all wait). Wait for some to complete, then send again.
/// </summary>
public sealed class PyChatOutboxFullException : PyChatException
{
    /// <summary>Creates the exception for an outbox of <paramref name="capacity"/> messages.</summary>
    public PyChatOutboxFullException(string room, int capacity)
        : base($"Nothing was sent to room '{room}': {capacity} messages already wait for the relay's acknowledgement (the outbox is full).")
    {
        Room = room;
        Capacity = capacity;
    }

    /// <summary>The room.</summary>
    public string Room { get; }

    /// <summary>The outbox bound (<see cref="PyChatClientOptions.OutboxCapacity"/>).</summary>
    public int Capacity { get; }
}
