namespace PyChat.Bench.LoadGen.Scenarios;

/// <summary>The stepped load: <see cref="Rooms"/> rooms of <see cref="RoomSize"/>, every client at each rate in turn.</summary>
internal sealed record LoadOptions
{
    public int Rooms { get; init; } = 20;

    public int RoomSize { get; init; } = 10;

    /// <summary>Messages per second per client, one step each, in order.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [5, 10, 20, 40, 60, 80, 120, 160, 240, 320];

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Measure { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after the last send a step waits for deliveries before it is scored.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(2);

    public double P99LimitMs { get; init; } = 50;

    /// <summary>A step passes only if at least this share of the expected deliveries arrived.</summary>
    public double MinDeliveryRatio { get; init; } = 0.99;

    /// <summary>Tries of a step before it counts as failed (see <see cref="LoadScenario"/> on machine stalls).</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>Stop stepping after this many failed steps in a row; higher rates would only fail too.</summary>
    public int StopAfterFailures { get; init; } = 1;
}
