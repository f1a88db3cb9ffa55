namespace PyChat.Relay.Registry;

/// <summary>
/// What the relay's admin commands do to the registry, beyond <see cref="IUserRegistry"/> (all the running relay
/// uses): the relay reads a user's key at every login and keeps none in memory, so a change made here through the
/// same store is what its next login sees.
/// </summary>
internal interface IUserAdministration : IUserRegistry, IAsyncDisposable
{
    /// <summary>Where the users are (a file, or a PostgreSQL host and database; never a password), for messages.</summary>
    string Location { get; }

    /// <summary>Every registered user, by name.</summary>
    ValueTask<IReadOnlyList<RegisteredUser>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets <paramref name="user"/>, so its name can be registered again; false if no such user.</summary>
    ValueTask<bool> RemoveAsync(string user, CancellationToken cancellationToken = default);
}
