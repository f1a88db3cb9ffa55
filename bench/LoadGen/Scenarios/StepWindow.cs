using PyChat.Bench.LoadGen.Measurement;

namespace PyChat.Bench.LoadGen.Scenarios;

/// <summary>
/// One load step's measurement window. Each slot is written by one client only (its sender or its
/// receive loop), so recording takes no lock; the scenario reads them once the step has drained.
/// </summary>
internal sealed class StepWindow(int clients, long measureFromTicks)
{
    private long _errors;

    /// <summary>Payloads scheduled before this are warm-up and are not recorded.</summary>
    public long MeasureFromTicks { get; } = measureFromTicks;

    public LatencyHistogram[] Latency { get; } = CreateHistograms(clients);

    /// <summary>Send → acknowledgement (pychat.v2's Published) per sender; empty for targets without acknowledgements.</summary>
    public LatencyHistogram[] AckLatency { get; } = CreateHistograms(clients);

    /// <summary>Payloads each client sent that were scheduled inside the window.</summary>
    public long[] Sent { get; } = new long[clients];

    public long Errors => Interlocked.Read(ref _errors);

    public void OnError() => Interlocked.Increment(ref _errors);

    private static LatencyHistogram[] CreateHistograms(int count)
    {
        var histograms = new LatencyHistogram[count];
        for (var i = 0; i < count; i++)
        {
            histograms[i] = new LatencyHistogram();
        }

        return histograms;
    }
}
