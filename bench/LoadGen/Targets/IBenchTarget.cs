namespace PyChat.Bench.LoadGen.Targets;

/// <summary>
/// A relay under test, seen from the load generator: something that can open a client in a room.
/// One implementation per wire protocol; see <see cref="BenchTargets"/> for the registered ones.
/// </summary>
internal interface IBenchTarget
{
    /// <summary>Short name used on the command line (<c>--target</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Connects one client that has joined <paramref name="room"/>. Every payload another member of
    /// the room sends must reach <paramref name="sink"/> byte for byte (decrypted, for a target that
    /// encrypts); the client must not be handed its own payloads.
    /// </summary>
    Task<IBenchClient> ConnectAsync(int room, int clientId, IPayloadSink sink, CancellationToken cancellationToken = default);
}
