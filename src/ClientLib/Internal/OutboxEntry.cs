namespace PyChat.Client.Internal;

/// <summary>
/// One Publish of a room, from the moment it is made until the relay has ordered it (its Published, or its own
/// Deliver replayed on resume) or it failed. Only touched under the room's gate.
/// </summary>
internal sealed class OutboxEntry
{
    private OutboxEntry(string? text, byte[]? payload, bool isRekey)
    {
        Text = text;
        Payload = payload;
        IsRekey = isRekey;
        Done = isRekey ? null : new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The text of a chat message, kept until it is acknowledged so that a rejoined room can encrypt it again. Null for a Rekey.</summary>
    public string? Text { get; }

    public bool IsRekey { get; }

    /// <summary>The room whose outbox holds it (set when it is written).</summary>
    public ChatRoom? Room { get; set; }

    /// <summary>The payload as the session made it (the same instance); null while a chat waits to be encrypted again by a new session.</summary>
    public byte[]? Payload { get; set; }

    /// <summary>Completed with the message's offset, or failed with the reason; null for a Rekey (nobody waits for it).</summary>
    public TaskCompletionSource<ulong>? Done { get; }

    /// <summary>The connection it was last written on, while that connection lives; null when it waits to be written.</summary>
    public RelayLink? SentOn { get; set; }

    public uint RequestId { get; set; }

    /// <summary>When it was written on <see cref="SentOn"/> (the options' clock).</summary>
    public long SentAt { get; set; }

    /// <summary>Written on some connection at least once: the relay may have ordered it, so a resume's replay is checked for it.</summary>
    public bool MaybeOrdered { get; set; }

    public static OutboxEntry Chat(string text, byte[] payload) => new(text, payload, isRekey: false);

    public static OutboxEntry Rekey(byte[] payload) => new(null, payload, isRekey: true);
}
