namespace PyChat.Relay.Registry;

/// <summary>The relay's durable record of who is who: user name → registered identity key (SPKI DER).</summary>
internal interface IUserRegistry
{
    /// <summary>Registers <paramref name="user"/> once; a second registration of the name is <see cref="RegisterResult.NameTaken"/>.</summary>
    ValueTask<RegisterResult> RegisterAsync(string user, ReadOnlyMemory<byte> identityKey, CancellationToken cancellationToken = default);

    /// <summary>Creates the store if needed; called once at startup.</summary>
    Task InitializeAsync();

    /// <summary>The identity key registered for <paramref name="user"/>, or null.</summary>
    ValueTask<byte[]?> FindIdentityKeyAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Asks the store a trivial question, for <c>/readyz</c>; throws if it cannot be reached.</summary>
    ValueTask ProbeAsync(CancellationToken cancellationToken);
}
