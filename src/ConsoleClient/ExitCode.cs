namespace PyChat.ConsoleClient;

/// <summary>
/// The process exit codes, documented in docs/CONSOLE.md. Scripts rely on them: never renumber.
/// </summary>
internal enum ExitCode
{
    Ok = 0,
    /// <summary>Bad command line, or a value (name, password, number) that breaks a rule.</summary>
    Usage = 1,
    WrongPassword = 2,
    /// <summary>The relay could not be reached, or the connection was lost.</summary>
    RelayUnreachable = 3,
    /// <summary>The relay's certificate does not chain to the pinned CA (or the CA file is unusable).</summary>
    CertificateNotTrusted = 4,
    RoomFull = 5,
    UnknownRoom = 6,
    NameTaken = 7,
    AuthenticationFailed = 8,
    /// <summary>No identity in the home folder (run init), or one exists already (init twice), or it is unreadable.</summary>
    IdentityProblem = 9,
    Other = 10,
    RoomExists = 11,
    /// <summary>Stopped with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    Interrupted = 130,
}
