using System.Diagnostics;
using PyChat.Bench.LoadGen.Measurement;
using PyChat.Bench.LoadGen.Targets;

namespace PyChat.Bench.LoadGen.Scenarios;

/// <summary>
/// Memory per idle connection: warm the server up with one room, read its RSS, open N more clients
/// in rooms of ten, let it settle, read RSS again. The server's GC is left alone: this is what the
/// operating system sees, which is what capacity planning needs.
/// </summary>
internal sealed class IdleScenario(IBenchTarget target, ServerProcess server, int connections, int roomSize, TimeSpan settle)
{
    private sealed class IgnoringSink : IPayloadSink
    {
        private long _errors;

        public long Errors => Interlocked.Read(ref _errors);

        public void OnPayload(ReadOnlySpan<byte> payload)
        {
        }

        public void OnError(Exception error) => Interlocked.Increment(ref _errors);
    }

    public async Task<IdleResult> RunAsync(string name)
    {
        var sink = new IgnoringSink();
        // Warm-up clients sit in their own room past the measured ones; their cost is in the baseline.
        var warmRoom = (connections / roomSize) + 1;
        var (warm, _) = await ClientPool.ConnectAsync(target, [.. Enumerable.Repeat((warmRoom, (IPayloadSink)sink), roomSize)], TimeSpan.FromSeconds(30));
        await Task.Delay(settle);
        var before = server.ResidentBytes;

        var started = Stopwatch.StartNew();
        var members = Enumerable.Range(0, connections).Select(i => (i / roomSize, (IPayloadSink)sink)).ToList();
        var (clients, failures) = await ClientPool.ConnectAsync(target, members, TimeSpan.FromMinutes(3));
        var connectSeconds = started.Elapsed.TotalSeconds;
        await Task.Delay(settle);
        var after = server.ResidentBytes;
        var result = new IdleResult(name, target.Name, connections, connections - failures, before, after, connectSeconds, sink.Errors + failures);
        Console.WriteLine(
            $"{name}: {result.Connected} idle connections in {connectSeconds:F1} s; server RSS {before / 1048576.0:F1} MB -> " +
            $"{after / 1048576.0:F1} MB = {result.BytesPerConnection / 1024:F1} KB per connection");

        await ClientPool.DisposeAsync(clients);
        await ClientPool.DisposeAsync(warm);
        return result;
    }
}
