namespace PyChat.Relay.Registry;

/// <summary>
/// What the relay's admin commands do to the registry, beside <see cref="IUserRegistry"/> (which the running relay
/// uses): the relay reads a user's key at every login and keeps none in memory, so a change made here through the
/// same store is what its next login sees.
/// </summary>
internal interface IUserAdministration
{
    /// <summary>Every registered user, by name.</summary>
    ValueTask<IReadOnlyList<RegisteredUser>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets <paramref name="user"/>, so its name can be registered again; false if no such user.</summary>
    ValueTask<bool> RemoveAsync(string user, CancellationToken cancellationToken = default);
}
