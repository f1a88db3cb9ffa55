namespace PyChat.Bench.LoadGen.Scenarios;

/// <summary>
/// One load step (its best attempt): what was offered, what came back, how fast, what it cost the
/// server, the acknowledgements (share of the window's sends acknowledged, send → Published latency; 0 for
/// targets without them), the CPU other processes on the machine took meanwhile, and the longest the generator's 1 ms timer went without running (a machine stall shows here).
/// </summary>
internal sealed record StepResult(
    double RatePerClient,
    int Attempts,
    double SentPerSecond,
    double ExpectedPerSecond,
    double DeliveredPerSecond,
    double DeliveryRatio,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    long Errors,
    double ServerCpuCores,
    double LoadGenCpuCores,
    double OtherCpuCores,
    long ServerRssPeakBytes,
    double GeneratorStallMs,
    bool Passed,
    double AckedRatio = 0,
    double AckP50Ms = 0,
    double AckP99Ms = 0);

/// <summary>A whole load run against one server.</summary>
internal sealed record LoadResult(
    string Name,
    string Target,
    int Rooms,
    int RoomSize,
    double P99LimitMs,
    double MeasureSeconds,
    int ConnectErrors,
    long ServerPeakRssBytes,
    IReadOnlyList<StepResult> Steps)
{
    /// <summary>The highest delivered rate among the steps that met the latency and delivery bar.</summary>
    public StepResult? Best => Steps.Where(s => s.Passed).MaxBy(s => s.DeliveredPerSecond);
}

/// <summary>Idle connections held open: server RSS growth per connection.</summary>
internal sealed record IdleResult(
    string Name,
    string Target,
    int Connections,
    int Connected,
    long ServerRssBeforeBytes,
    long ServerRssAfterBytes,
    double ConnectSeconds,
    long Errors)
{
    public double BytesPerConnection => Connected == 0 ? 0 : (double)(ServerRssAfterBytes - ServerRssBeforeBytes) / Connected;
}
