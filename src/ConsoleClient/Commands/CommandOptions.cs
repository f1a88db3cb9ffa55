namespace PyChat.ConsoleClient.Commands;

/// <summary>Options given on the command line. Null means "not given": the config file or a default decides.</summary>
internal sealed record CommandOptions
{
    public string? Home { get; init; }
    public Uri? Relay { get; init; }
    public string? CaFile { get; init; }
    public string? User { get; init; }
    /// <summary>Read the password from the first line of standard input.</summary>
    public bool PasswordFromStdin { get; init; }
    /// <summary>For chat, send and read: create the room when no active room has that name.</summary>
    public bool Create { get; init; }
    /// <summary>For read: how long to listen. Default <see cref="DefaultReadSeconds"/>.</summary>
    public int? Seconds { get; init; }
    /// <summary>For read: stop after this many chat messages (others' and one's own), even before <see cref="Seconds"/> is up.</summary>
    public int? Count { get; init; }
    /// <summary>For read: listen until interrupted (Ctrl+C, SIGTERM) instead of for <see cref="Seconds"/>.</summary>
    public bool Follow { get; init; }
    /// <summary>For read and chat: leave out this user's own messages (a bot that answers does not read its answers).</summary>
    public bool NoSelf { get; init; }
    /// <summary>For read, chat and rooms: one JSON object per line instead of plain text (never rich).</summary>
    public bool Json { get; init; }
    /// <summary>Plain line output even on a terminal.</summary>
    public bool Plain { get; init; }
    /// <summary>Longest wait for the relay: to connect, to answer a request, for a room key. Default <see cref="DefaultTimeoutSeconds"/>.</summary>
    public int? TimeoutSeconds { get; init; }

    public const int DefaultReadSeconds = 10;
    public const int MaxReadSeconds = 24 * 60 * 60;
    public const int DefaultTimeoutSeconds = 10;
    public const int MaxTimeoutSeconds = 600;
    public const string TimeoutVariable = "PYCHAT_TIMEOUT";
}
