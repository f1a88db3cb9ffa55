namespace PyChat.Bench.LoadGen.Targets;

/// <summary>Where a client hands what it receives. Called from the client's receive loop, one call at a time.</summary>
internal interface IPayloadSink
{
    void OnPayload(ReadOnlySpan<byte> payload);

    /// <summary>The client's connection failed or closed while the benchmark still needed it.</summary>
    void OnError(Exception error);
}
