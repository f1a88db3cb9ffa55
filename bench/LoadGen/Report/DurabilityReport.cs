using System.Globalization;
using System.Text;
using System.Text.Json;
using PyChat.Bench.LoadGen.Scenarios;

namespace PyChat.Bench.LoadGen.Report;

/// <summary>
/// The tables of bench/run-durable-bench.sh: the relay before and after acknowledgements and the durable log,
/// round by round (<c>NAME.ROUND.load.json</c>), as ratios to the baseline of the same round; then the resume
/// rounds (<c>resume.json</c>). Markdown for a section of RESULTS.md, written without headings above level 3.
/// </summary>
internal static class DurabilityReport
{
    public static string ToMarkdown(string directory, IReadOnlyList<string> names, string baseline)
    {
        var runs = new SortedDictionary<int, Dictionary<string, LoadResult>>();
        foreach (var path in Directory.GetFiles(directory, "*.load.json"))
        {
            var parts = Path.GetFileName(path).Split('.');
            if (parts.Length == 4 && names.Contains(parts[0]) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var round))
            {
                var result = JsonSerializer.Deserialize<LoadResult>(File.ReadAllText(path))!;
                (runs.TryGetValue(round, out var byName) ? byName : runs[round] = [])[parts[0]] = result;
            }
        }

        var md = new StringBuilder();
        if (runs.Count > 0)
        {
            AppendLoad(md, runs, names, baseline);
        }

        var resumePath = Path.Combine(directory, "resume.json");
        if (File.Exists(resumePath))
        {
            AppendResume(md, JsonSerializer.Deserialize<ResumeResult>(File.ReadAllText(resumePath))!);
        }

        return md.ToString();
    }

    private static void AppendLoad(StringBuilder md, SortedDictionary<int, Dictionary<string, LoadResult>> runs, IReadOnlyList<string> names, string baseline)
    {
        md.AppendLine("| Round | Relay | Max delivered msg/s (p99 ≤ limit) | × " + baseline + " | p50 / p99 there (ms) | ack p50 / p99 there (ms) | Server CPU per delivery at the common step (µs) | × | Peak RSS (MB) |");
        md.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (round, byName) in runs)
        {
            // The common step: the highest rate every relay of the round passed; CPU per delivery there compares cost at equal load.
            var common = names.Where(byName.ContainsKey)
                .Select(n => byName[n].Steps.Where(s => s.Passed).Select(s => s.RatePerClient).ToHashSet())
                .Aggregate((a, b) => [.. a.Intersect(b)]);
            var commonRate = common.Count == 0 ? (double?)null : common.Max();
            var baseBest = byName.TryGetValue(baseline, out var b) ? b.Best : null;
            var baseCost = commonRate is { } r0 && b is not null ? CostAt(b, r0) : null;
            foreach (var name in names.Where(byName.ContainsKey))
            {
                var load = byName[name];
                var best = load.Best;
                var cost = commonRate is { } r ? CostAt(load, r) : null;
                md.Append(Invariant($"| {round} | {name} | {(best is null ? "none passed" : best.DeliveredPerSecond.ToString("N0", CultureInfo.InvariantCulture))} "))
                    .Append(Invariant($"| {Ratio(best?.DeliveredPerSecond, baseBest?.DeliveredPerSecond)} | {(best is null ? "–" : Invariant($"{best.P50Ms:F2} / {best.P99Ms:F2}"))} "))
                    .Append(Invariant($"| {(best is null || best.AckedRatio == 0 ? "–" : Invariant($"{best.AckP50Ms:F2} / {best.AckP99Ms:F2}"))} "))
                    .Append(Invariant($"| {(cost is null ? "–" : Invariant($"{cost:F2} at {commonRate:G}/client"))} | {Ratio(cost, baseCost)} "))
                    .AppendLine(Invariant($"| {load.ServerPeakRssBytes / 1048576.0:F0} |"));
            }
        }

        foreach (var (round, byName) in runs)
        {
            foreach (var name in names.Where(byName.ContainsKey))
            {
                var load = byName[name];
                md.AppendLine().AppendLine(Invariant($"Round {round}, `{name}` ({load.Rooms - (load.ConnectErrors / load.RoomSize)} of {load.Rooms} rooms of {load.RoomSize}, {load.ConnectErrors} connect errors):")).AppendLine();
                md.AppendLine("| msg/s per client | attempt | sent/s | delivered/s | delivered | p50 ms | p99 ms | max ms | acked | ack p50 / p99 ms | errors | server cores | loadgen cores | other cores | stall ms | pass |");
                md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
                foreach (var s in load.Steps)
                {
                    md.Append(Invariant($"| {s.RatePerClient:G} | {s.Attempts} | {s.SentPerSecond:F0} | {s.DeliveredPerSecond:F0} | {s.DeliveryRatio:P1} | {s.P50Ms:F2} | {s.P99Ms:F2} | {s.MaxMs:F1} "))
                        .Append(Invariant($"| {(s.AckedRatio == 0 ? "–" : s.AckedRatio.ToString("P1", CultureInfo.InvariantCulture))} | {(s.AckedRatio == 0 ? "–" : Invariant($"{s.AckP50Ms:F2} / {s.AckP99Ms:F2}"))} | {s.Errors} "))
                        .AppendLine(Invariant($"| {s.ServerCpuCores:F2} | {s.LoadGenCpuCores:F2} | {s.OtherCpuCores:F2} | {s.GeneratorStallMs:F0} | {(s.Passed ? "yes" : "no")} |"));
                }
            }
        }
    }

    private static void AppendResume(StringBuilder md, ResumeResult resume)
    {
        md.AppendLine().AppendLine(Invariant($"Resume: {resume.Rooms * resume.RoomSize} clients in {resume.Rooms} rooms of {resume.RoomSize} (set up, {resume.Messages} message(s) each and everything seen, in {resume.SetupSeconds:F1} s), at most {resume.Parallel} reconnecting at once. Times in ms from the new relay accepting its first TCP connection (\"listening\")."));
        md.AppendLine().AppendLine("| Restart | Connections ended by | Pid → listening | First end → listening | Resumed | Per client median / p99 / max | All resumed | Rooms whole | Connect / login / ResumeRoom (median) | CPU s until all resumed: relay / generator / other | Relay RSS before → after (peak) MB |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in resume.Rounds)
        {
            var codes = string.Join(", ", r.CloseCodes.Select(c => Invariant($"{c.Value}× {(c.Key == "none" ? "no close frame" : c.Key)}")));
            md.Append(Invariant($"| {(r.Round == "term" ? "SIGTERM" : r.Round == "kill" ? "SIGKILL" : r.Round)} | {codes} | {r.PidToListeningMs:F0} | {r.FirstEndToListeningMs:F0} | {r.Resumed}/{r.Clients} ({r.Failed} failed) "))
                .Append(Invariant($"| {r.MedianMs:F0} / {r.P99Ms:F0} / {r.MaxMs:F0} | {r.AllResumedMs:F0} | {r.AllWholeMs:F0} | {r.ConnectMedianMs:F0} / {r.LoginMedianMs:F0} / {r.ResumeRoomMedianMs:F0} | {r.RelayCpuSeconds:F1} / {r.LoadGenCpuSeconds:F1} / {r.OtherCpuSeconds:F1} "))
                .AppendLine(Invariant($"| {r.RelayRssBeforeBytes / 1048576.0:F0} → {r.RelayRssAfterBytes / 1048576.0:F0} ({r.RelayPeakRssAfterBytes / 1048576.0:F0}) |"));
        }
    }

    /// <summary>Server CPU microseconds per delivered message at the step of <paramref name="rate"/>.</summary>
    private static double? CostAt(LoadResult load, double rate) =>
        load.Steps.FirstOrDefault(s => s.RatePerClient == rate) is { DeliveredPerSecond: > 0 } s ? s.ServerCpuCores * 1e6 / s.DeliveredPerSecond : null;

    private static string Ratio(double? value, double? baseValue) =>
        value is null || baseValue is null or 0 ? "–" : Invariant($"{value / baseValue:F2}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
