namespace PyChat.Client.Cryptography;

/// <summary>How <see cref="Fernet"/> checks a token's timestamp.</summary>
public sealed record FernetValidation
{
    private readonly TimeSpan? _timeToLive;
    private readonly TimeSpan _maxClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>No time-to-live, 60 seconds of allowed clock skew (the values Python's <c>cryptography</c> uses).</summary>
    public static FernetValidation Default { get; } = new();

    /// <summary>
    /// The maximum token age, or <see langword="null"/> (the default) for no limit. A token is
    /// expired when <c>now &gt; timestamp + TimeToLive</c>, with <c>now</c> truncated to whole seconds
    /// as in the Fernet spec and Python's implementation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan? TimeToLive
    {
        get => _timeToLive;
        init
        {
            if (value is { } ttl)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.Zero, nameof(TimeToLive));
            }

            _timeToLive = value;
        }
    }

    /// <summary>
    /// How far in the future a token's timestamp may be (default 60 seconds). A token is rejected
    /// with <see cref="FernetError.FromTheFuture"/> when <c>timestamp &gt; now + MaxClockSkew</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan MaxClockSkew
    {
        get => _maxClockSkew;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(MaxClockSkew));
            _maxClockSkew = value;
        }
    }
}
