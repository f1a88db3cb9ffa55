namespace PyChat.Bench.LoadGen.Targets;

/// <summary>Where a client hands what it receives. Called from the client's receive loop, one call at a time.</summary>
internal interface IPayloadSink
{
    void OnPayload(ReadOnlySpan<byte> payload);

    /// <summary>
    /// The relay acknowledged one of this client's sends (pychat.v2's Published), scheduled at
    /// <paramref name="scheduledTicks"/> (<see cref="System.Diagnostics.Stopwatch"/> ticks; 0 if not known).
    /// Targets without acknowledgements never call it.
    /// </summary>
    void OnAcknowledged(long scheduledTicks)
    {
    }

    /// <summary>The client's connection failed or closed while the benchmark still needed it.</summary>
    void OnError(Exception error);
}
