using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PyChat.Bench.LoadGen;
using PyChat.Bench.LoadGen.Measurement;
using PyChat.Bench.LoadGen.Report;
using PyChat.Bench.LoadGen.Scenarios;
using PyChat.Bench.LoadGen.Targets;

const string Usage = """
    PyChat relay load generator (run by bench/run-relay-bench.sh; usable alone).
      load   --name N --target ws|signalr|pychat|pychat-e2e --url URL --ca ca.pem --server-pid PID --out result.json
             [--rooms 20] [--room-size 10] [--rates 5,10,20,...] [--warmup 1] [--measure 5] [--drain 2] [--p99-ms 50] [--attempts 3]
      idle   --name N --target ws|signalr|pychat|pychat-e2e --url URL --ca ca.pem --server-pid PID --out result.json
             [--connections 2000] [--room-size 10] [--settle 3]
      keying --url URL --ca ca.pem --out result.json [--trials 10] [--room-size 10]
             (PyChat only: time until a room of 10 is keyed, and a rekey after a leave)
      resume --url URL --ca ca.pem --pid-file FILE --out result.json [--rooms 200] [--room-size 10] [--messages 2]
             [--rounds term,kill] [--parallel 64]
             (PyChat only: members resume their rooms after each restart of the relay; prints "READY <round>" when the
             script should stop the relay and start it again on the same port and folder, writing its new pid to FILE)
      report --dir results --servers raw-kestrel,signalr,node-ws,pychat --floor raw-kestrel
             --machine TEXT --command TEXT --out RESULTS.md
      durable-report --dir results --servers pychat-before,pychat,pychat-memory --baseline pychat-before --out tables.md
             (the tables of run-durable-bench.sh: NAME.ROUND.load.json per relay and round, resume.json)
    URL is wss://127.0.0.1:PORT/ws for ws and pychat targets, https://127.0.0.1:PORT/hub for signalr; for load with the
    pychat target, several URLs separated by commas (nodes of a relay cluster) take the connections in turn.
    """;

var line = new CommandLine(args);
var json = new JsonSerializerOptions { WriteIndented = true };
try
{
    switch (line.Command)
    {
        case "load":
            {
                var scenario = new LoadScenario(CreateTarget(line), new ServerProcess(line.GetInt("server-pid", 0)), new LoadOptions
                {
                    Rooms = line.GetInt("rooms", 20),
                    RoomSize = line.GetInt("room-size", 10),
                    Rates = [.. line.GetList("rates", "5,10,20,40,60,80,120,160,240,320").Select(r => double.Parse(r, CultureInfo.InvariantCulture))],
                    Warmup = TimeSpan.FromSeconds(line.GetDouble("warmup", 1)),
                    Measure = TimeSpan.FromSeconds(line.GetDouble("measure", 5)),
                    Drain = TimeSpan.FromSeconds(line.GetDouble("drain", 2)),
                    P99LimitMs = line.GetDouble("p99-ms", 50),
                    Attempts = line.GetInt("attempts", 3),
                });
                var result = await scenario.RunAsync(line.Get("name"));
                await File.WriteAllTextAsync(line.Get("out"), JsonSerializer.Serialize(result, json));
                return 0;
            }

        case "idle":
            {
                var scenario = new IdleScenario(CreateTarget(line), new ServerProcess(line.GetInt("server-pid", 0)),
                    line.GetInt("connections", 2000), line.GetInt("room-size", 10), TimeSpan.FromSeconds(line.GetDouble("settle", 3)));
                var result = await scenario.RunAsync(line.Get("name"));
                await File.WriteAllTextAsync(line.Get("out"), JsonSerializer.Serialize(result, json));
                return 0;
            }

        case "keying":
            {
                var authority = X509Certificate2.CreateFromPem(File.ReadAllText(line.Get("ca")));
                var scenario = new KeyingScenario(new BenchTargetOptions(new Uri(line.Get("url")), authority), line.GetInt("trials", 10), line.GetInt("room-size", 10));
                var result = await scenario.RunAsync();
                await File.WriteAllTextAsync(line.Get("out"), JsonSerializer.Serialize(result, json));
                return 0;
            }

        case "resume":
            {
                var authority = X509Certificate2.CreateFromPem(File.ReadAllText(line.Get("ca")));
                var scenario = new ResumeScenario(new BenchTargetOptions(new Uri(line.Get("url")), authority), new ResumeOptions
                {
                    Rooms = line.GetInt("rooms", 200),
                    RoomSize = line.GetInt("room-size", 10),
                    Messages = line.GetInt("messages", 2),
                    Rounds = line.GetList("rounds", "term,kill"),
                    Parallel = line.GetInt("parallel", 64),
                    PidFile = line.Get("pid-file"),
                });
                var result = await scenario.RunAsync();
                await File.WriteAllTextAsync(line.Get("out"), JsonSerializer.Serialize(result, json));
                return 0;
            }

        case "report":
            {
                var report = ResultsReport.Load(line.Get("dir"), line.GetList("servers", "raw-kestrel,signalr,node-ws,pychat,pychat-e2e"), line.Get("floor", "raw-kestrel"));
                var markdown = report.ToMarkdown(line.Get("machine"), line.Get("command"));
                await File.WriteAllTextAsync(line.Get("out"), markdown);
                Console.Write(markdown);
                return 0;
            }

        case "durable-report":
            {
                var markdown = DurabilityReport.ToMarkdown(line.Get("dir"), line.GetList("servers", "pychat-before,pychat,pychat-memory"), line.Get("baseline", "pychat-before"));
                await File.WriteAllTextAsync(line.Get("out"), markdown);
                Console.Write(markdown);
                return 0;
            }

        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

static IBenchTarget CreateTarget(CommandLine line)
{
    var authority = X509Certificate2.CreateFromPem(File.ReadAllText(line.Get("ca")));
    return BenchTargets.Create(line.Get("target"), BenchTargetOptions.Parse(line.Get("url"), authority));
}
