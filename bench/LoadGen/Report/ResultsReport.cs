using System.Globalization;
using System.Text;
using System.Text.Json;
using PyChat.Bench.LoadGen.Scenarios;

namespace PyChat.Bench.LoadGen.Report;

/// <summary>
/// Turns the per-server JSON results into RESULTS.md: one summary table with each figure also as a
/// ratio to the floor server, then each server's steps. A server without results is "pending".
/// </summary>
internal sealed class ResultsReport(
    IReadOnlyList<(string Name, LoadResult? Load, IdleResult? Idle)> servers, string floor, KeyingResult? keying, CryptoCeiling? ceiling)
{
    /// <summary>The load test of the full client path; its table sets delivered messages against the generator's CPU.</summary>
    public const string EndToEnd = "pychat-e2e";

    public static ResultsReport Load(string directory, IReadOnlyList<string> names, string floor) =>
        new(
            [.. names.Select(n => (n, Read<LoadResult>(Path.Combine(directory, n + ".load.json")), Read<IdleResult>(Path.Combine(directory, n + ".idle.json"))))],
            floor,
            Read<KeyingResult>(Path.Combine(directory, "pychat.keying.json")),
            Read<CryptoCeiling>(Path.Combine(directory, "openssl.json")));

    public string ToMarkdown(string machine, string command)
    {
        var floorRow = servers.FirstOrDefault(s => s.Name == floor);
        var md = new StringBuilder();
        md.AppendLine("# Relay benchmark: PyChat relay against peer servers").AppendLine();
        md.AppendLine(Invariant($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        md.AppendLine(Invariant($"- Machine: {machine}"));
        md.AppendLine(Invariant($"- Command: `{command}`"));
        var shape = servers.Select(s => s.Load).FirstOrDefault(l => l is not null);
        if (shape is not null)
        {
            md.AppendLine(Invariant($"- Load: {shape.Rooms} rooms of {shape.RoomSize} clients over wss on 127.0.0.1, 256-byte payloads, each delivered to the 9 other members; {shape.MeasureSeconds:F0} s measured per step after warm-up; the load generator shares the machine's cores with the server."));
            md.AppendLine(Invariant($"- Max delivered rate: the highest step (deliveries per second summed over receivers) with p99 ≤ {shape.P99LimitMs:F0} ms, ≥ 99 % of deliveries and no errors; latency runs from the scheduled send time to receipt. A failed step is tried again (up to 3 attempts, best shown): on this shared VM every process stalls for tens of ms now and then, visible as \"generator stall\" (the longest gap of the generator's 1 ms timer). \"Other cores\" is CPU taken by processes other than the server and the generator during the step: the machine is shared, and a step with other cores well above 0 is not a clean figure."));
        }

        var contended = servers.SelectMany(s => s.Load?.Steps ?? []).Select(s => s.OtherCpuCores).DefaultIfEmpty(0).Average();
        if (contended > 0.3)
        {
            md.AppendLine(Invariant($"- **Contended run:** other processes used {contended:F2} cores on average during the steps; the throughput and latency figures are lower bounds, not the servers' capacity. Idle memory per connection is unaffected."));
        }

        md.AppendLine(Invariant($"- Ratios (×) are to `{floor}`, the floor. Idle memory: server RSS growth per idle connection, GC not forced.")).AppendLine();
        md.AppendLine("| Server | Max delivered msg/s (p99 ≤ limit) | × | p50 / p99 there (ms) | Peak RSS under load (MB) | × | Idle memory per connection (KB) | × | Errors |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, load, idle) in servers)
        {
            if (load is null && idle is null)
            {
                md.AppendLine(Invariant($"| {name} | pending | | | | | | | |"));
                continue;
            }

            var best = load?.Best;
            var floorBest = floorRow.Load?.Best;
            var errors = (load?.Steps.Sum(s => s.Errors) ?? 0) + (load?.ConnectErrors ?? 0) + (idle?.Errors ?? 0);
            var rate = best is null ? "none passed" : best.DeliveredPerSecond.ToString("N0", CultureInfo.InvariantCulture);
            var latency = best is null ? "–" : Invariant($"{best.P50Ms:F2} / {best.P99Ms:F2}");
            md.Append(Invariant($"| {name} | {rate} | {Ratio(best?.DeliveredPerSecond, floorBest?.DeliveredPerSecond)} | {latency} "))
                .Append(Invariant($"| {Mb(load?.ServerPeakRssBytes)} | {Ratio(load?.ServerPeakRssBytes, floorRow.Load?.ServerPeakRssBytes)} "))
                .AppendLine(Invariant($"| {Kb(idle?.BytesPerConnection)} | {Ratio(idle?.BytesPerConnection, floorRow.Idle?.BytesPerConnection)} | {errors} |"));
        }

        AppendEndToEnd(md);

        foreach (var (name, load, idle) in servers.Where(s => s.Load is not null))
        {
            md.AppendLine().AppendLine(Invariant($"## {name} (target `{load!.Target}`)")).AppendLine();
            if (idle is not null)
            {
                md.AppendLine(Invariant($"Idle: {idle.Connected}/{idle.Connections} connections, RSS {idle.ServerRssBeforeBytes / 1048576.0:F1} → {idle.ServerRssAfterBytes / 1048576.0:F1} MB, connected in {idle.ConnectSeconds:F1} s.")).AppendLine();
            }

            md.AppendLine("| msg/s per client | attempt | sent/s | delivered/s | delivered | p50 ms | p99 ms | max ms | errors | server cores | loadgen cores | other cores | server RSS MB | generator stall ms | pass |");
            md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
            foreach (var s in load.Steps)
            {
                md.Append(Invariant($"| {s.RatePerClient:G} | {s.Attempts} | {s.SentPerSecond:F0} | {s.DeliveredPerSecond:F0} | {s.DeliveryRatio:P1} "))
                    .Append(Invariant($"| {s.P50Ms:F2} | {s.P99Ms:F2} | {s.MaxMs:F1} | {s.Errors} "))
                    .AppendLine(Invariant($"| {s.ServerCpuCores:F2} | {s.LoadGenCpuCores:F2} | {s.OtherCpuCores:F2} | {Mb(s.ServerRssPeakBytes)} | {s.GeneratorStallMs:F0} | {(s.Passed ? "yes" : "no")} |"));
            }
        }

        return md.ToString();
    }

    /// <summary>
    /// Client-side cryptography: every delivery in the e2e test is one ECDSA P-256 verify (plus a Fernet
    /// decrypt) by a receiving client, so deliveries per second per core the generator used, against
    /// openssl's verifies per second per core, bounds the receivers' efficiency from below (the same
    /// cores also sign and encrypt for the senders and run every client's TLS).
    /// </summary>
    private void AppendEndToEnd(StringBuilder md)
    {
        var e2e = servers.FirstOrDefault(s => s.Name == EndToEnd).Load;
        if (e2e is null && keying is null)
        {
            return;
        }

        md.AppendLine().AppendLine("## PyChat with client-side cryptography, and keying").AppendLine();
        if (e2e is not null && e2e.Steps.Count > 0)
        {
            var busiest = e2e.Steps.MaxBy(s => s.LoadGenCpuCores > 0 ? s.DeliveredPerSecond / s.LoadGenCpuCores : 0)!;
            var perCore = busiest.LoadGenCpuCores > 0 ? busiest.DeliveredPerSecond / busiest.LoadGenCpuCores : 0;
            md.AppendLine(Invariant($"- Verified and decrypted deliveries per second per core of the load generator (best step, {busiest.RatePerClient:G} msg/s per client): {perCore:N0} ({busiest.DeliveredPerSecond:N0}/s on {busiest.LoadGenCpuCores:F2} cores; the same cores signed and encrypted every sent message and ran every client's TLS)."));
            if (ceiling is not null)
            {
                md.AppendLine(Invariant($"- Ceiling: `{ceiling.Command}` verifies {ceiling.VerifiesPerSecond:N0}/s per core (same run). Ratio: **{perCore / ceiling.VerifiesPerSecond:P0}** of the ceiling (target ≥ 80 %)."));
            }
        }

        if (keying is not null && keying.KeyedMs.Length > 0)
        {
            md.AppendLine(Invariant($"- Room of {keying.RoomSize} fully keyed (create, {keying.RoomSize - 1} joins, every member holding one epoch's key), {keying.KeyedMs.Length} trials: median {Percentile(keying.KeyedMs, 50):F1} ms, p90 {Percentile(keying.KeyedMs, 90):F1} ms, max {keying.KeyedMs.Max():F1} ms (target ≤ 100 ms)."));
            md.AppendLine(Invariant($"- Rekey after a leave (leave sent → the {keying.RoomSize - 1} others hold the new epoch's key): median {Percentile(keying.RekeyAfterLeaveMs, 50):F1} ms, p90 {Percentile(keying.RekeyAfterLeaveMs, 90):F1} ms, max {keying.RekeyAfterLeaveMs.Max():F1} ms (target ≤ 20 ms)."));
        }
    }

    private static double Percentile(double[] values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static T? Read<T>(string path) where T : class =>
        File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path)) : null;

    private static string Ratio(double? value, double? floorValue) =>
        value is null || floorValue is null or 0 ? "–" : Invariant($"{value / floorValue:F2}");

    private static string Mb(long? bytes) => bytes is null ? "–" : Invariant($"{bytes / 1048576.0:F0}");

    private static string Kb(double? bytes) => bytes is null ? "–" : Invariant($"{bytes / 1024:F1}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
