namespace PyChat.Relay.Commands;

/// <summary>What every relay command returns, so scripts can tell a mistake in the command line from a failure.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed; it wrote one line on stderr saying why.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong (unknown verb, missing argument); nothing was done.</summary>
    public const int Usage = 2;
}
