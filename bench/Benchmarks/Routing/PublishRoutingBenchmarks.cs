using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PyChat.Protocol.Frames;
using PyChat.Relay.Authentication;
using PyChat.Relay.Connections;
using PyChat.Relay.Hosting;
using PyChat.Relay.Observability;
using PyChat.Relay.Rooms;

namespace PyChat.Benchmarks.Routing;

/// <summary>
/// The relay's fan-out path as the receive loop runs it: <see cref="FrameDispatcher.DispatchAsync"/> on
/// an encoded Publish frame (a Chat payload's size: 256-byte message, Fernet token, signature) from a
/// member of a room with 1 or 9 other members, up to the frame sitting in every recipient's send queue.
/// The allocated bytes per operation must not depend on the recipients: the Deliver frame is encoded
/// once and the same array queued to each. The queues are emptied after each operation (by their one
/// reader, as the send loops do, with the same byte accounting), which is part of the measured time.
/// Each message also goes into the room's (in-memory) log, which holds the same array.
/// </summary>
[MemoryDiagnoser]
public class PublishRoutingBenchmarks
{
    private const string Room = "lobby";
    private FrameDispatcher _dispatcher = null!;
    private RelayConnection[] _members = [];
    private ReadOnlyMemory<byte> _publish;

    [Params(1, 9)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new RelayOptions());
        // The in-memory room log: the benchmark measures routing, not the disk the durable log writes to.
        // The relay's metrics as they are with nothing listening (no Prometheus scrape): the latency clock is not read.
        var metrics = RelayMetrics.Standalone(TimeProvider.System);
        var rooms = new RoomDirectory(options, new InMemoryRoomLog(options), TimeProvider.System, metrics, NullLogger<RoomDirectory>.Instance);
        // Publish never reaches authentication; its collaborators are not needed here.
        var authenticator = new Authenticator(null!, null!, null!, null!, null!, null!, metrics, options, NullLogger<Authenticator>.Instance);
        _dispatcher = new FrameDispatcher(authenticator, rooms, metrics, NullLogger<FrameDispatcher>.Instance);
        _members = [.. Enumerable.Range(0, Recipients + 1).Select(i =>
        {
            var member = new RelayConnection(new ClientWebSocket(), null, options.Value.SendQueueCapacity);
            member.Authenticate($"member{i}", new byte[91]);
            return member;
        })];
        rooms.Create(_members[0], 1, Room, new byte[130]);
        foreach (var member in _members.Skip(1))
        {
            rooms.Join(member, 1, Room, new byte[130]);
        }

        Drain();
        _publish = new PublishFrame(1, Room, new byte[517]).Encode();
    }

    [Benchmark]
    public void Publish()
    {
        var dispatched = _dispatcher.DispatchAsync(_members[0], _publish, CancellationToken.None);
        if (!dispatched.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("Publish went asynchronous");
        }

        Drain();
    }

    private void Drain()
    {
        foreach (var member in _members)
        {
            while (member.Outgoing.TryRead(out var frame))
            {
                member.Dequeued(frame); // as the send loop does: the queue is bounded in bytes too
            }
        }
    }
}
