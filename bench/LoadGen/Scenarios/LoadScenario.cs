using System.Diagnostics;
using PyChat.Bench.LoadGen.Measurement;
using PyChat.Bench.LoadGen.Targets;

namespace PyChat.Bench.LoadGen.Scenarios;

/// <summary>
/// The stepped load test. For each rate:
/// 1. every client gets a schedule (one payload per 1/rate s, phases spread evenly across clients);
/// 2. one timer loop pumps all clients each millisecond for warm-up plus measure time, then stops;
/// 3. the step drains until every expected delivery arrived or the drain time ran out;
/// 4. the per-client histograms merge into the step's figures; a step that misses the p99 limit,
///    loses deliveries or sees an error fails, and stepping ends after enough failures.
/// </summary>
internal sealed class LoadScenario(IBenchTarget target, ServerProcess server, LoadOptions options)
{
    private readonly StepWindowSource _windows = new();

    public async Task<LoadResult> RunAsync(string name, CancellationToken cancellationToken = default)
    {
        var peers = new LoadPeer[options.Rooms * options.RoomSize];
        for (var i = 0; i < peers.Length; i++)
        {
            peers[i] = new LoadPeer(i, i / options.RoomSize, _windows);
        }

        var started = Stopwatch.StartNew();
        var (clients, connectErrors) = await ClientPool.ConnectAsync(
            target, [.. peers.Select(p => (p.Room, (IPayloadSink)p))], TimeSpan.FromMinutes(2));
        for (var i = 0; i < peers.Length; i++)
        {
            peers[i].Client = clients[i];
        }

        Console.WriteLine($"{name}: {peers.Length - connectErrors}/{peers.Length} clients in {options.Rooms} rooms connected in {started.Elapsed.TotalSeconds:F1} s");
        var steps = new List<StepResult>();
        var failuresInARow = 0;
        try
        {
            foreach (var rate in options.Rates)
            {
                var step = await RunStepAsync(peers, rate, cancellationToken);
                steps.Add(step);
                Console.WriteLine(
                    $"  {rate,5} msg/s/client: delivered {step.DeliveredPerSecond,9:F0}/s ({step.DeliveryRatio:P1}), " +
                    $"p50 {step.P50Ms,7:F2} ms, p99 {step.P99Ms,7:F2} ms, max {step.MaxMs,8:F1} ms, errors {step.Errors}, " +
                    $"server {step.ServerCpuCores:F2} cores, loadgen {step.LoadGenCpuCores:F2} cores{(step.Passed ? "" : "  FAIL")}");
                failuresInARow = step.Passed ? 0 : failuresInARow + 1;
                if (failuresInARow >= options.StopAfterFailures || cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            await ClientPool.DisposeAsync(peers.Select(p => p.Client));
        }

        return new LoadResult(name, target.Name, options.Rooms, options.RoomSize, options.P99LimitMs,
            options.Measure.TotalSeconds, connectErrors, server.PeakResidentBytes, steps);
    }

    private async Task<StepResult> RunStepAsync(LoadPeer[] peers, double rate, CancellationToken cancellationToken)
    {
        var ticksPerMessage = (long)(Stopwatch.Frequency / rate);
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
        var measureFrom = start + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var stop = measureFrom + (long)(options.Measure.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < peers.Length; i++)
        {
            peers[i].Schedule(start + (ticksPerMessage * i / peers.Length), ticksPerMessage, stop);
        }

        var window = new StepWindow(peers.Length, measureFrom);
        _windows.Current = window;
        var rssPeak = 0L;
        TimeSpan serverCpuFrom = default, loadGenCpuFrom = default;
        var measuring = false;
        var nextSample = 0L;
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1)))
        {
            long now;
            while ((now = Stopwatch.GetTimestamp()) < stop + Stopwatch.Frequency / 100 && !cancellationToken.IsCancellationRequested)
            {
                foreach (var peer in peers)
                {
                    peer.Pump(now);
                }

                if (!measuring && now >= measureFrom)
                {
                    measuring = true;
                    serverCpuFrom = server.CpuTime;
                    loadGenCpuFrom = Process.GetCurrentProcess().TotalProcessorTime;
                }

                if (now >= nextSample)
                {
                    rssPeak = Math.Max(rssPeak, server.ResidentBytes);
                    nextSample = now + (Stopwatch.Frequency / 4);
                }

                await timer.WaitForNextTickAsync(cancellationToken);
            }
        }

        var serverCores = (server.CpuTime - serverCpuFrom).TotalSeconds / options.Measure.TotalSeconds;
        var loadGenCores = (Process.GetCurrentProcess().TotalProcessorTime - loadGenCpuFrom).TotalSeconds / options.Measure.TotalSeconds;
        var expected = Expected(peers, window);
        var drainUntil = Stopwatch.GetTimestamp() + (long)(options.Drain.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < drainUntil && (peers.Any(p => p.IsSending) || Delivered(window) < expected))
        {
            await Task.Delay(10, cancellationToken);
        }

        _windows.Current = null;
        expected = Expected(peers, window);
        var latency = new LatencyHistogram();
        foreach (var histogram in window.Latency)
        {
            latency.Add(histogram);
        }

        var seconds = options.Measure.TotalSeconds;
        var ratio = expected == 0 ? 0 : (double)latency.Count / expected;
        var p99 = latency.ValueAtPercentile(99) / 1000.0;
        return new StepResult(
            rate,
            window.Sent.Sum() / seconds,
            expected / seconds,
            latency.Count / seconds,
            ratio,
            latency.ValueAtPercentile(50) / 1000.0,
            p99,
            latency.MaxMicroseconds / 1000.0,
            window.Errors,
            serverCores,
            loadGenCores,
            Math.Max(rssPeak, server.ResidentBytes),
            Passed: p99 <= options.P99LimitMs && ratio >= options.MinDeliveryRatio && window.Errors == 0);
    }

    private long Expected(LoadPeer[] peers, StepWindow window)
    {
        // Every room is full, so each payload is owed to the room's other members.
        return window.Sent.Sum() * (options.RoomSize - 1);
    }

    private static long Delivered(StepWindow window) => window.Latency.Sum(h => h.Count);
}
