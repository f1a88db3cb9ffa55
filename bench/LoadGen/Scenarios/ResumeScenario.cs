using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using PyChat.Bench.LoadGen.Measurement;
using PyChat.Bench.LoadGen.Targets;
using PyChat.Bench.LoadGen.Targets.PyChat;

namespace PyChat.Bench.LoadGen.Scenarios;

/// <summary>
/// How fast every member is back in its room after a relay restart (docs/PROTOCOL.md §5.1). Set-up: rooms of
/// ten registered, joined members (<see cref="ResumingClient"/>), each of which publishes a few messages and sees
/// everything in its room. Then, per round: the scenario prints <c>READY &lt;round&gt;</c> on stdout and the script
/// that started the relay stops it (SIGTERM or SIGKILL) and starts it again on the same port and data folder,
/// writing the new process id to the pid file at once. The scenario waits for every connection to end (counting
/// close codes), for the new pid, then probes the port with TCP connects every 5 ms: the first one accepted is
/// "listening". From then on every member reconnects (at most <c>parallel</c> reconnecting at once: Kestrel's listen
/// backlog is 512, so an unbounded herd of SYNs would mostly measure the kernel's 1 s SYN retry), logs in and sends
/// ResumeRoom with the epoch and offset it saw; its resume time runs from "listening" to its RoomResumed. The round
/// ends when every member is back and has seen every other's MemberBack (the rooms are whole again).
/// </summary>
internal sealed class ResumeScenario(BenchTargetOptions options, ResumeOptions settings)
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(5);

    public async Task<ResumeResult> RunAsync()
    {
        var trust = new CertificateTrust(options.CertificateAuthority);
        var tag = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        var clients = new ResumingClient[settings.Rooms * settings.RoomSize];
        for (var i = 0; i < clients.Length; i++)
        {
            var room = i / settings.RoomSize;
            clients[i] = new ResumingClient(options, trust, Invariant($"r{i}-{tag}"), Invariant($"resume-{room}-{tag}"));
        }

        var rounds = new List<ResumeRound>();
        try
        {
            var setupStarted = Stopwatch.StartNew();
            await SetUpAsync(clients);
            var setupSeconds = setupStarted.Elapsed.TotalSeconds;
            Console.WriteLine(Invariant($"resume: {clients.Length} clients in {settings.Rooms} rooms joined, {settings.Messages} message(s) each, all seen, in {setupSeconds:F1} s"));
            foreach (var round in settings.Rounds)
            {
                rounds.Add(await RunRoundAsync(clients, round));
            }

            return new ResumeResult(settings.Rooms, settings.RoomSize, settings.Messages, settings.Parallel, setupSeconds, rounds);
        }
        finally
        {
            await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 16 }, static async (c, _) => await c.DisposeAsync());
        }
    }

    private async Task SetUpAsync(ResumingClient[] clients)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // Creators first, then the joiners, at most 16 handshakes at a time (as the load test's client pool).
        var creators = Enumerable.Range(0, settings.Rooms).Select(r => r * settings.RoomSize).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = timeout.Token };
        await Parallel.ForEachAsync(creators, parallel, async (i, ct) => await clients[i].JoinAsync(creator: true, ct));
        await Parallel.ForEachAsync(Enumerable.Range(0, clients.Length).Where(i => i % settings.RoomSize != 0), parallel,
            async (i, ct) => await clients[i].JoinAsync(creator: false, ct));
        var keys = Enumerable.Range(0, settings.Rooms).Select(_ => PyChat.Client.Cryptography.FernetKey.Generate()).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, clients.Length), parallel, async (i, ct) =>
        {
            for (var m = 1; m <= settings.Messages; m++)
            {
                await clients[i].PublishAsync(keys[i / settings.RoomSize], (ulong)m, ct);
            }
        });
        // Creation and each join take one offset, then every message.
        var expected = (ulong)(settings.RoomSize * (1 + settings.Messages));
        await WaitUntilAsync(() => clients.All(c => c.LastOffset == expected), TimeSpan.FromSeconds(30), "every member seeing its room's whole order");
    }

    private async Task<ResumeRound> RunRoundAsync(ResumingClient[] clients, string round)
    {
        var oldPid = ReadPid();
        if (oldPid == 0)
        {
            throw new InvalidOperationException($"no relay pid in {settings.PidFile}");
        }

        var oldRss = ReadStatusKilobytes(oldPid, "VmRSS:") * 1024;
        var ends = clients.Select(c => c.Ended).ToArray();
        Console.WriteLine(Invariant($"READY {round}"));
        Console.Out.Flush();

        // The script stops the relay now.
        var allEnded = Task.WhenAll(ends);
        if (await Task.WhenAny(allEnded, Task.Delay(TimeSpan.FromSeconds(60))) != allEnded)
        {
            throw new TimeoutException($"{round}: {ends.Count(e => !e.IsCompleted)} of {ends.Length} connections still open 60 s after READY");
        }

        var endings = ends.Select(e => e.Result).ToArray();
        var closeCodes = endings.GroupBy(e => e.CloseStatus?.ToString(CultureInfo.InvariantCulture) ?? "none")
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var firstEnd = endings.Min(e => e.AtTicks);
        var lastEnd = endings.Max(e => e.AtTicks);

        var newPid = oldPid;
        var pidDeadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while ((newPid = ReadPid()) == oldPid || newPid == 0)
        {
            if (Stopwatch.GetTimestamp() > pidDeadline)
            {
                throw new TimeoutException($"{round}: no new relay pid within 60 s");
            }

            await Task.Delay(ProbeInterval);
        }

        var started = Stopwatch.GetTimestamp();
        var listening = await ProbeUntilListeningAsync();
        Console.WriteLine(Invariant($"  {round}: connections ended over {Ms(firstEnd, lastEnd):F0} ms ({string.Join(", ", closeCodes.Select(c => $"{c.Value}× {c.Key}"))}); new relay (pid {newPid}) listening {Ms(started, listening):F0} ms after its pid appeared, {Ms(firstEnd, listening):F0} ms after the first connection ended"));

        // Who used the CPU while the members came back: the relay, this generator (the clients' half of every TLS
        // handshake and login signature), everything else on the machine.
        var relay = new ServerProcess(newPid);
        var relayCpuFrom = relay.CpuTime;
        var loadGenCpuFrom = Process.GetCurrentProcess().TotalProcessorTime;
        var machineCpuFrom = MachineCpu.BusyTime;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var times = new ResumingClient.ResumeTimes[clients.Length];
        var errors = 0;
        var gate = new SemaphoreSlim(settings.Parallel, settings.Parallel);
        await Task.WhenAll(clients.Select(async (client, i) =>
        {
            await gate.WaitAsync(timeout.Token);
            try
            {
                times[i] = await client.ResumeAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (Interlocked.Increment(ref errors) <= 3)
                {
                    await Console.Error.WriteLineAsync($"  {round}: resume of {client.User} failed: {ex.GetBaseException().Message}");
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        var allBack = Stopwatch.GetTimestamp();
        var relayCpu = (relay.CpuTime - relayCpuFrom).TotalSeconds;
        var loadGenCpu = (Process.GetCurrentProcess().TotalProcessorTime - loadGenCpuFrom).TotalSeconds;
        var otherCpu = Math.Max(0, (MachineCpu.BusyTime - machineCpuFrom).TotalSeconds - relayCpu - loadGenCpu);
        var newRss = ReadStatusKilobytes(newPid, "VmRSS:") * 1024;
        var newPeak = ReadStatusKilobytes(newPid, "VmHWM:") * 1024;
        // Whole again: in each room, every member has seen the same latest offset (the last MemberBack).
        await WaitUntilAsync(
            () => clients.Chunk(settings.RoomSize).All(room => room.All(c => c.LastOffset == room[0].LastOffset)),
            TimeSpan.FromSeconds(30),
            "every room whole again");
        var whole = Stopwatch.GetTimestamp();

        var done = times.Where(t => t.Resumed != 0).ToArray();
        var resumeMs = done.Select(t => Ms(listening, t.Resumed)).Order().ToArray();
        var result = new ResumeRound(
            round,
            clients.Length,
            done.Length,
            errors,
            closeCodes,
            Ms(firstEnd, lastEnd),
            Ms(started, listening),
            Ms(firstEnd, listening),
            Percentile(resumeMs, 50),
            Percentile(resumeMs, 99),
            resumeMs.Length == 0 ? 0 : resumeMs[^1],
            Ms(listening, allBack),
            Ms(listening, whole),
            Percentile([.. done.Select(t => Ms(t.Started, t.Connected)).Order()], 50),
            Percentile([.. done.Select(t => Ms(t.Connected, t.LoggedIn)).Order()], 50),
            Percentile([.. done.Select(t => Ms(t.LoggedIn, t.Resumed)).Order()], 50),
            done.Length == 0 ? 0 : done.Average(t => t.Replayed),
            oldRss,
            newRss,
            newPeak,
            relayCpu,
            loadGenCpu,
            otherCpu);
        Console.WriteLine(
            Invariant($"  {round}: {result.Resumed}/{result.Clients} resumed ({errors} failed); per client from listening: median {result.MedianMs:F0} ms, p99 {result.P99Ms:F0} ms, max {result.MaxMs:F0} ms; ") +
            Invariant($"all resumed {result.AllResumedMs:F0} ms, rooms whole {result.AllWholeMs:F0} ms; steps (median): connect {result.ConnectMedianMs:F0}, login {result.LoginMedianMs:F0}, resume {result.ResumeRoomMedianMs:F0} ms; ") +
            Invariant($"relay RSS before {oldRss / 1048576.0:F0} MB, after {newRss / 1048576.0:F0} MB (peak {newPeak / 1048576.0:F0} MB); ") +
            Invariant($"CPU s until all resumed: relay {relayCpu:F1}, generator {loadGenCpu:F1}, other {otherCpu:F1}"));
        return result;
    }

    /// <summary>TCP connects to the relay's port every 5 ms until one is accepted; returns when (Stopwatch ticks).</summary>
    private async Task<long> ProbeUntilListeningAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (true)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(options.Url.Host, options.Url.Port);
                return Stopwatch.GetTimestamp();
            }
            catch (SocketException) when (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(ProbeInterval);
            }
        }
    }

    /// <summary>The relay's pid from the script's file; 0 while the file is missing or half written.</summary>
    private int ReadPid()
    {
        try
        {
            return int.TryParse(File.ReadAllText(settings.PidFile).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long ReadStatusKilobytes(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return 0;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan bound, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"not {what} within {bound.TotalSeconds} s");
            }

            await Task.Delay(10);
        }
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The resume scenario's shape: rooms of members, messages each before the first restart, rounds by name (term, kill), reconnects in flight at once.</summary>
internal sealed record ResumeOptions
{
    public int Rooms { get; init; } = 200;

    public int RoomSize { get; init; } = 10;

    public int Messages { get; init; } = 2;

    public IReadOnlyList<string> Rounds { get; init; } = ["term", "kill"];

    public int Parallel { get; init; } = 64;

    /// <summary>The file where the script keeps the relay's current process id.</summary>
    public string PidFile { get; init; } = "";
}

/// <summary>One restart: how the connections ended, when the relay listened again, how long until every member had resumed, and the CPU (seconds) each party used from listening until then.</summary>
internal sealed record ResumeRound(
    string Round,
    int Clients,
    int Resumed,
    int Failed,
    IReadOnlyDictionary<string, int> CloseCodes,
    double EndSpreadMs,
    double PidToListeningMs,
    double FirstEndToListeningMs,
    double MedianMs,
    double P99Ms,
    double MaxMs,
    double AllResumedMs,
    double AllWholeMs,
    double ConnectMedianMs,
    double LoginMedianMs,
    double ResumeRoomMedianMs,
    double ReplayedOffsetsMean,
    long RelayRssBeforeBytes,
    long RelayRssAfterBytes,
    long RelayPeakRssAfterBytes,
    double RelayCpuSeconds = 0,
    double LoadGenCpuSeconds = 0,
    double OtherCpuSeconds = 0);

/// <summary>The resume scenario's result: its shape, the set-up time and each round.</summary>
internal sealed record ResumeResult(int Rooms, int RoomSize, int Messages, int Parallel, double SetupSeconds, IReadOnlyList<ResumeRound> Rounds);
