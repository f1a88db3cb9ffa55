namespace PyChat.Bench.LoadGen.Targets;

/// <summary>One connected member of a room.</summary>
internal interface IBenchClient : IAsyncDisposable
{
    /// <summary>
    /// Sends one payload to the room. Calls are never concurrent for one client; the caller reuses
    /// the buffer once the returned task completes.
    /// </summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);
}
