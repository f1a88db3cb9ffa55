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
///    loses deliveries or sees an error is tried again, up to the attempts allowed: this shared VM's
///    vCPUs stall now and then for tens of milliseconds (every process sees it), and one stall in a
///    5 s window is enough to break a p99. A saturated server fails every attempt; stepping ends there.
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
                StepResult? step = null;
                for (var attempt = 1; attempt <= options.Attempts && step?.Passed != true; attempt++)
                {
                    var tried = await RunStepAsync(peers, rate, attempt, cancellationToken);
                    Console.WriteLine(
                        $"  {rate,5} msg/s/client #{attempt}: delivered {tried.DeliveredPerSecond,9:F0}/s ({tried.DeliveryRatio:P1}), " +
                        $"p50 {tried.P50Ms,7:F2} ms, p99 {tried.P99Ms,7:F2} ms, max {tried.MaxMs,8:F1} ms, errors {tried.Errors}, " +
                        $"cores: server {tried.ServerCpuCores:F2}, loadgen {tried.LoadGenCpuCores:F2}, other {tried.OtherCpuCores:F2}; " +
                        $"generator stall {tried.GeneratorStallMs:F1} ms" +
                        (tried.AckedRatio > 0 ? $"; acked {tried.AckedRatio:P1}, ack p50 {tried.AckP50Ms:F2} ms, p99 {tried.AckP99Ms:F2} ms" : "") +
                        (tried.Passed ? "" : "  FAIL"));
                    step = step is null || tried.Passed || (!step.Passed && tried.P99Ms < step.P99Ms) ? tried : step;
                }

                steps.Add(step!);
                failuresInARow = step!.Passed ? 0 : failuresInARow + 1;
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

    private async Task<StepResult> RunStepAsync(LoadPeer[] peers, double rate, int attempt, CancellationToken cancellationToken)
    {
        Prepare(peers, rate);
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
        TimeSpan serverCpuFrom = default, loadGenCpuFrom = default, machineCpuFrom = default;
        var measuring = false;
        var maxTickGap = 0L;
        var nextSample = 0L;
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1)))
        {
            long now, previous = Stopwatch.GetTimestamp();
            while ((now = Stopwatch.GetTimestamp()) < stop + Stopwatch.Frequency / 100 && !cancellationToken.IsCancellationRequested)
            {
                foreach (var peer in peers)
                {
                    peer.Pump(now);
                }

                if (now >= measureFrom)
                {
                    maxTickGap = Math.Max(maxTickGap, now - previous);
                }

                previous = now;

                if (!measuring && now >= measureFrom)
                {
                    measuring = true;
                    serverCpuFrom = server.CpuTime;
                    loadGenCpuFrom = Process.GetCurrentProcess().TotalProcessorTime;
                    machineCpuFrom = MachineCpu.BusyTime;
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
        var otherCores = Math.Max(0, ((MachineCpu.BusyTime - machineCpuFrom).TotalSeconds / options.Measure.TotalSeconds) - serverCores - loadGenCores);
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

        var acks = new LatencyHistogram();
        foreach (var histogram in window.AckLatency)
        {
            acks.Add(histogram);
        }

        var sent = window.Sent.Sum();
        var seconds = options.Measure.TotalSeconds;
        var ratio = expected == 0 ? 0 : (double)latency.Count / expected;
        var p99 = latency.ValueAtPercentile(99) / 1000.0;
        return new StepResult(
            rate,
            attempt,
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
            otherCores,
            Math.Max(rssPeak, server.ResidentBytes),
            maxTickGap * 1000.0 / Stopwatch.Frequency,
            Passed: p99 <= options.P99LimitMs && ratio >= options.MinDeliveryRatio && window.Errors == 0,
            AckedRatio: sent == 0 ? 0 : (double)acks.Count / sent,
            AckP50Ms: acks.ValueAtPercentile(50) / 1000.0,
            AckP99Ms: acks.ValueAtPercentile(99) / 1000.0);
    }

    /// <summary>Lets clients that pre-encrypt make this step's messages now, before its clock starts.</summary>
    private void Prepare(LoadPeer[] peers, double rate)
    {
        var prepared = peers.Select(p => p.Client).OfType<IPreparedBenchClient>().ToList();
        if (prepared.Count == 0)
        {
            return;
        }

        var started = Stopwatch.StartNew();
        var messages = (int)Math.Ceiling(rate * (options.Warmup + options.Measure).TotalSeconds) + 2;
        Parallel.ForEach(prepared, client => client.Prepare(messages));
        // Settle the heap now (the prepared frames go to gen 2), not with a collection inside the step.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Console.WriteLine($"  prepared {messages} messages per client in {started.Elapsed.TotalSeconds:F1} s");
    }

    private long Expected(LoadPeer[] peers, StepWindow window)
    {
        // Every room is full, so each payload is owed to the room's other members.
        return window.Sent.Sum() * (options.RoomSize - 1);
    }

    private static long Delivered(StepWindow window) => window.Latency.Sum(h => h.Count);
}
