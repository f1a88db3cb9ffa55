namespace PyChat.Client;

/// <summary>Timing and volume limits of a room's end-to-end layer (docs/PROTOCOL.md §6.2, §6.3).</summary>
public sealed record RoomSessionOptions
{
    /// <summary>The defaults listed on each property.</summary>
    public static RoomSessionOptions Default { get; } = new();

    /// <summary>The hub starts a new epoch after this many chat messages in the current one. Default 1000.</summary>
    public int RekeyAfterMessages { get; init; } = 1000;

    /// <summary>The hub starts a new epoch when the current one is this old. Default 1 hour.</summary>
    public TimeSpan RekeyAfterAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a replaced epoch key still opens messages that were in flight. Default 30 seconds.</summary>
    public TimeSpan EpochGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Oldest message shown (by its token timestamp). Default 5 minutes.</summary>
    public TimeSpan MessageTimeToLive { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far in the future a message's timestamp may be. Default 60 seconds.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most messages held while waiting for the key of their epoch. Default 256.</summary>
    public int PendingMessageLimit { get; init; } = 256;

    /// <summary>
    /// Most of those held messages one sender may have, so that one member flooding the room cannot crowd out
    /// the others' messages. Default 28: the nine other members a room can have, at 28 each, fit in 256.
    /// </summary>
    public int PendingMessagesPerSender { get; init; } = 28;

    /// <summary>How long a message waits for the key of its epoch before it is rejected. Default 5 seconds.</summary>
    public TimeSpan PendingMessageTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
