namespace PyChat.Relay.Authentication;

/// <summary>One connection's progress towards a login: its current challenge and its failures.</summary>
internal sealed class LoginState
{
    private byte[]? _challenge;

    public int FailedAttempts { get; set; }

    public void SetChallenge(byte[] challenge) => _challenge = challenge;

    /// <summary>Takes the current challenge: every attempt, good or bad, uses it up.</summary>
    public byte[]? TakeChallenge() => Interlocked.Exchange(ref _challenge, null);
}
