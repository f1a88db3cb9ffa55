using System.Diagnostics;
using System.Globalization;
using PyChat.Bench.LoadGen.Targets;
using PyChat.Bench.LoadGen.Targets.PyChat;
using PyChat.Client;
using PyChat.Client.Cryptography;

namespace PyChat.Bench.LoadGen.Scenarios;

/// <summary>
/// How fast rooms get their keys, through ClientLib (every key made, wrapped, signed, verified and
/// unwrapped for real). Each trial, with ten clients already logged in:
/// 1. keyed: from CreateRoom until all ten have joined and hold the key of one epoch (that epoch's
///    Rekey had an entry for every one of them, so the hub made it after the last join);
/// 2. rekey after a leave: from a non-hub member's LeaveRoom until the nine others hold one newer epoch.
/// The condition is polled every millisecond; each wait is bounded (10 s).
/// </summary>
internal sealed class KeyingScenario(BenchTargetOptions target, int trials, int roomSize)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public async Task<KeyingResult> RunAsync()
    {
        var tag = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        var keyed = new List<double>();
        var rekeyed = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            var identities = Enumerable.Range(0, roomSize).Select(_ => IdentityKey.Generate()).ToArray();
            var clients = await Task.WhenAll(Enumerable.Range(0, roomSize).Select(async i =>
            {
                var client = await PyChatClient.ConnectAsync(PyChatTarget.ClientOptions(target));
                await client.RegisterAsync(string.Create(CultureInfo.InvariantCulture, $"k{trial}-{i}-{tag}"), identities[i]);
                return client;
            }));
            try
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"keying-{trial}-{tag}");
                var started = Stopwatch.GetTimestamp();
                var hub = await clients[0].CreateRoomAsync(name);
                var rooms = new[] { hub }.Concat(await Task.WhenAll(clients.Skip(1).Select(c => c.JoinRoomAsync(name)))).ToArray();
                await WaitUntilAsync(() => rooms.All(r => r.HasKey && r.Members.Count == roomSize && r.Epoch == rooms[0].Epoch));
                keyed.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

                var before = hub.Epoch;
                var stay = rooms[..^1];
                started = Stopwatch.GetTimestamp();
                await rooms[^1].LeaveAsync();
                await WaitUntilAsync(() => stay.All(r => r.Epoch > before && r.Epoch == stay[0].Epoch && r.Members.Count == roomSize - 1));
                rekeyed.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Console.WriteLine(Invariant($"  trial {trial + 1}: keyed in {keyed[^1]:F1} ms, rekeyed after a leave in {rekeyed[^1]:F1} ms"));
            }
            finally
            {
                await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
                foreach (var identity in identities)
                {
                    identity.Dispose();
                }
            }
        }

        return new KeyingResult(roomSize, [.. keyed], [.. rekeyed]);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Bound.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"not keyed within {Bound.TotalSeconds} s");
            }

            await Task.Delay(1);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Keying times in milliseconds, one per trial.</summary>
internal sealed record KeyingResult(int RoomSize, double[] KeyedMs, double[] RekeyAfterLeaveMs);
