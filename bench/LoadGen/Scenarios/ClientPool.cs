using PyChat.Bench.LoadGen.Targets;

namespace PyChat.Bench.LoadGen.Scenarios;

/// <summary>Opens and closes many clients with bounded parallelism and an overall deadline.</summary>
internal static class ClientPool
{
    private const int Parallelism = 16;

    /// <summary>Connects each sink; returns the clients (null where a connect failed) and the failure count.</summary>
    public static async Task<(IBenchClient?[] Clients, int Failures)> ConnectAsync(
        IBenchTarget target, IReadOnlyList<(int Room, IPayloadSink Sink)> members, TimeSpan deadline)
    {
        var clients = new IBenchClient?[members.Count];
        var failures = 0;
        using var timeout = new CancellationTokenSource(deadline);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism };
        await Parallel.ForAsync(0, members.Count, options, async (i, _) =>
        {
            try
            {
                clients[i] = await target.ConnectAsync(members[i].Room, i, members[i].Sink, timeout.Token);
            }
            catch (Exception ex)
            {
                if (Interlocked.Increment(ref failures) <= 3)
                {
                    await Console.Error.WriteLineAsync($"connect {i} failed: {ex.GetBaseException().GetType().Name}: {ex.GetBaseException().Message}");
                }
            }
        });
        return (clients, failures);
    }

    public static Task DisposeAsync(IEnumerable<IBenchClient?> clients) =>
        Parallel.ForEachAsync(
            clients.OfType<IBenchClient>(),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            static async (client, _) => await client.DisposeAsync());
}
