using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using PyChat.Protocol;
using PyChat.Relay.Connections;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Observability;

/// <summary>
/// The relay's meter, <c>PyChat.Relay</c>, and every instrument on it (docs/RELAY.md, "Health and metrics", lists them
/// with their Prometheus names). Counted per frame, so the hot path is a table lookup and an interlocked add: frames
/// and bytes go into plain counters read at each collection, other events take a precomputed tag. Nothing a client
/// sent is ever a tag: no name, no payload, no key, no signature.
/// </summary>
internal sealed class RelayMetrics
{
    public const string MeterName = "PyChat.Relay";

    // Frames by first byte, and bytes, both ways; read by the observable counters below.
    private readonly long[] _framesReceived = new long[256];
    private readonly long[] _framesSent = new long[256];
    private long _bytesReceived;
    private long _bytesSent;

    private readonly Meter _meter;
    private readonly TimeProvider _time;
    private readonly Counter<long> _connectionsOpened;
    private readonly Counter<long> _connectionsClosed;
    private readonly Counter<long> _logins;
    private readonly Counter<long> _registrations;
    private readonly Counter<long> _refusals;
    private readonly Histogram<double> _publishLatency;
    private int _observing;

    public RelayMetrics(IMeterFactory meterFactory, TimeProvider time)
        : this(meterFactory.Create(MeterName), time)
    {
    }

    private RelayMetrics(Meter meter, TimeProvider time)
    {
        _meter = meter;
        _time = time;
        _connectionsOpened = meter.CreateCounter<long>("pychat.relay.connections.opened", "{connection}", "WebSocket connections accepted");
        _connectionsClosed = meter.CreateCounter<long>("pychat.relay.connections.closed", "{connection}", "WebSocket connections ended, by the close code the relay sent (1000 when the client closed or dropped)");
        _logins = meter.CreateCounter<long>("pychat.relay.logins", "{login}", "Login frames answered, by result (ok, failed)");
        _registrations = meter.CreateCounter<long>("pychat.relay.registrations", "{registration}", "Register frames answered, by result (ok, failed)");
        _refusals = meter.CreateCounter<long>("pychat.relay.refusals", "{frame}", "Error frames sent, by error code");
        _publishLatency = meter.CreateHistogram(
            "pychat.relay.publish.latency",
            "s",
            "From a Publish received to its Deliver queued to every recipient (after the room log kept it)",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        meter.CreateObservableCounter("pychat.relay.frames.received", () => ByType(_framesReceived, toRelay: true), "{frame}", "Frames received, by frame type");
        meter.CreateObservableCounter("pychat.relay.frames.sent", () => ByType(_framesSent, toRelay: false), "{frame}", "Frames sent, by frame type");
        meter.CreateObservableCounter("pychat.relay.received", () => Interlocked.Read(ref _bytesReceived), "By", "Bytes of frames received (WebSocket payload, before framing and TLS)");
        meter.CreateObservableCounter("pychat.relay.sent", () => Interlocked.Read(ref _bytesSent), "By", "Bytes of frames sent (WebSocket payload, before framing and TLS)");
    }

    /// <summary>A relay's metrics outside a host (benchmarks, unit tests): a meter of its own, which nothing need listen to.</summary>
    internal static RelayMetrics Standalone(TimeProvider time) => new(new Meter(MeterName), time);

    /// <summary>Adds the gauges that read the relay's state at each collection: connections, rooms, members, send queues. Once.</summary>
    public void Observe(RoomDirectory rooms, ConnectionRegistry connections)
    {
        if (Interlocked.Exchange(ref _observing, 1) != 0)
        {
            return;
        }

        _meter.CreateObservableUpDownCounter("pychat.relay.connections.open", () => connections.Count, "{connection}", "WebSocket connections open now");
        _meter.CreateObservableGauge("pychat.relay.rooms", () => rooms.Count, "{room}", "Active rooms");
        _meter.CreateObservableGauge("pychat.relay.room.members", rooms.SeatCount, "{member}", "Seats in active rooms, present and away");
        _meter.CreateObservableGauge("pychat.relay.send_queue.depth", connections.QueuedFrames, "{frame}", "Frames waiting in every connection's send queue");
        _meter.CreateObservableGauge("pychat.relay.send_queue.max_depth", connections.DeepestQueue, "{frame}", "Frames waiting in the fullest send queue");
        _meter.CreateObservableGauge("pychat.relay.send_queue.size", connections.QueuedBytes, "By", "Bytes waiting in every connection's send queue");
    }

    public void ConnectionOpened() => _connectionsOpened.Add(1);

    public void ConnectionClosed(int closeCode) => _connectionsClosed.Add(1, MetricTags.CloseCodeOf(closeCode));

    public void LoginAnswered(bool succeeded) => _logins.Add(1, succeeded ? MetricTags.Succeeded : MetricTags.Failed);

    public void RegistrationAnswered(bool succeeded) => _registrations.Add(1, succeeded ? MetricTags.Succeeded : MetricTags.Failed);

    public void FrameReceived(ReadOnlySpan<byte> frame)
    {
        Interlocked.Increment(ref _framesReceived[frame.IsEmpty ? 0 : frame[0]]);
        Interlocked.Add(ref _bytesReceived, frame.Length);
    }

    /// <summary>A frame written to a socket; an Error frame counts as a refusal of its code.</summary>
    public void FrameSent(ReadOnlySpan<byte> frame)
    {
        Interlocked.Increment(ref _framesSent[frame.IsEmpty ? 0 : frame[0]]);
        Interlocked.Add(ref _bytesSent, frame.Length);
        const int codeAt = 1 + 4; // type, request id
        if (frame.Length >= codeAt + 2 && frame[0] == (byte)FrameType.Error)
        {
            _refusals.Add(1, MetricTags.ErrorCodeOf(BinaryPrimitives.ReadUInt16BigEndian(frame[codeAt..])));
        }
    }

    /// <summary>When a Publish arrived, for <see cref="PublishDelivered"/>; 0 while nobody listens (the clock is not read).</summary>
    public long PublishReceived() => _publishLatency.Enabled ? _time.GetTimestamp() : 0;

    /// <summary>The Publish that arrived at <paramref name="receivedAt"/> is in every recipient's send queue.</summary>
    public void PublishDelivered(long receivedAt)
    {
        if (receivedAt != 0)
        {
            _publishLatency.Record(_time.GetElapsedTime(receivedAt).TotalSeconds);
        }
    }

    private static IEnumerable<Measurement<long>> ByType(long[] counts, bool toRelay)
    {
        // Every type of the direction, zeros included (a series that appears only once it is non-zero breaks rate()); a
        // type of the other direction (a client sending one) once it was seen; any undefined first byte under one tag.
        var unknown = 0L;
        for (var type = 0; type < counts.Length; type++)
        {
            var count = Interlocked.Read(ref counts[type]);
            if (MetricTags.FrameTypes[type].Value is MetricTags.Unknown)
            {
                unknown += count;
            }
            else if (count > 0 || ((type & 0x80) != 0) == toRelay)
            {
                yield return new Measurement<long>(count, MetricTags.FrameTypes[type]);
            }
        }

        if (unknown > 0)
        {
            yield return new Measurement<long>(unknown, new KeyValuePair<string, object?>("type", MetricTags.Unknown));
        }
    }
}
