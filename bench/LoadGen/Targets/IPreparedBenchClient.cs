namespace PyChat.Bench.LoadGen.Targets;

/// <summary>
/// A client that does expensive work (encryption, signing) for its next messages before the clock
/// starts, so a step measures the relay and not the generator's cryptography.
/// </summary>
internal interface IPreparedBenchClient
{
    /// <summary>Makes the next <paramref name="messages"/> sends ready; called between steps, never during one.</summary>
    void Prepare(int messages);
}
