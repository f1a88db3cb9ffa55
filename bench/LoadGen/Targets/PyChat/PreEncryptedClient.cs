using System.Buffers.Binary;
using System.Net.WebSockets;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Bench.LoadGen.Targets.PyChat;

/// <summary>
/// A PyChat member whose Chat payloads are made before the clock starts (<see cref="Prepare"/>): each
/// is the generator's 256-byte message encrypted under the room key (Fernet) and signed over the
/// payload transcript (docs/PROTOCOL.md §6.3), with its own sequence number, wrapped in a Publish
/// frame. A send only writes the next prepared frame, so a step measures the relay, not the
/// generator's cryptography. Receivers do not decrypt or verify (the <c>pychat-e2e</c> target does):
/// the send time is not inside the ciphertext but in a table of the sender's, keyed by the sequence
/// number that the payload carries in clear.
/// </summary>
internal sealed class PreEncryptedClient : IBenchClient, IPreparedBenchClient
{
    private const int ChatHeaderSize = 1 + 4 + 8;
    private const uint Epoch = 1;
    private readonly PyChatSession.Joined _session;
    private readonly FernetKey _roomKey;
    private readonly PyChatRoomDirectory _directory;
    private readonly int _clientId;
    private readonly IPayloadSink _sink;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiving;
    private byte[]?[] _frames = [];
    private int _next;
    private ulong _firstSequence = 1;
    private long[] _scheduledBySequence = new long[1];

    public PreEncryptedClient(PyChatSession.Joined session, FernetKey roomKey, PyChatRoomDirectory directory, int clientId, IPayloadSink sink)
    {
        _session = session;
        _roomKey = roomKey;
        _directory = directory;
        _clientId = clientId;
        _sink = sink;
        directory.Add(session.Member, this);
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    public void Prepare(int messages)
    {
        _firstSequence += (ulong)_next;
        var plaintext = BenchPayload.Create(_clientId);
        var token = new byte[Fernet.GetTokenLength(plaintext.Length)];
        var frames = new byte[messages][];
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < messages; i++)
        {
            var sequence = _firstSequence + (ulong)i;
            BenchPayload.Stamp(plaintext, 0, (long)sequence);
            Fernet.Encrypt(_roomKey, plaintext, now, token.AsSpan());
            var payload = new ChatPayload(Epoch, sequence, token).Encode(_session.Room, _session.User, _session.Identity);
            // The request id is the sequence (from 1, so never 0): the Published that answers it finds the send time.
            frames[i] = new PublishFrame((uint)sequence, _session.Room, payload).Encode();
        }

        var last = (int)(_firstSequence + (ulong)messages);
        if (last >= _scheduledBySequence.Length)
        {
            var grown = new long[Math.Max(last + 1, _scheduledBySequence.Length * 2)];
            _scheduledBySequence.CopyTo(grown, 0);
            Volatile.Write(ref _scheduledBySequence, grown);
        }

        _frames = frames;
        _next = 0;
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (_next >= _frames.Length || !BenchPayload.TryRead(payload.Span, out _, out var scheduled))
        {
            throw new InvalidOperationException($"client {_clientId}: {_frames.Length} messages were prepared for this step and all are sent");
        }

        var frame = _frames[_next]!;
        _frames[_next] = null; // sent frames are not kept: a step's frames can be hundreds of MB in all
        Volatile.Write(ref _scheduledBySequence[(int)_firstSequence + _next], scheduled);
        _next++;
        return _session.Socket.SendAsync(frame.AsMemory(), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
    }

    /// <summary>The load generator's id of this client.</summary>
    public int ClientId => _clientId;

    /// <summary>When the message with <paramref name="sequence"/> was scheduled to be sent; 0 if it is not known.</summary>
    public long ScheduledAt(ulong sequence)
    {
        var table = Volatile.Read(ref _scheduledBySequence);
        return sequence < (ulong)table.Length ? Volatile.Read(ref table[(int)sequence]) : 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        var socket = _session.Socket;
        await WebSocketShutdown.CloseAndAbortAsync(socket);
        await _receiving;
        socket.Dispose();
        _session.Identity.Dispose();
        _directory.Remove(_session.Member);
        _stopping.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var socket = _session.Socket;
        var buffer = new byte[16 * 1024];
        var received = BenchPayload.Create(0);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), _stopping.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        if (!_stopping.IsCancellationRequested)
                        {
                            _sink.OnError(new WebSocketException($"the relay closed the connection ({socket.CloseStatus} {socket.CloseStatusDescription})"));
                        }

                        return;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                OnFrame(buffer.AsSpan(0, length), received);
            }
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            _sink.OnError(ex);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Deliver = <c>0x20 ‖ str8 room ‖ u64 offset ‖ str8 sender ‖ payload</c> (pychat.v2); a Chat payload's sequence is at
    /// bytes 5–12. Published = <c>0x04 ‖ u32 requestId ‖ u64 offset</c> acknowledges one of this client's Publishes.
    /// </summary>
    private void OnFrame(ReadOnlySpan<byte> frame, byte[] received)
    {
        switch ((FrameType)frame[0])
        {
            case FrameType.Deliver:
                break;
            case FrameType.Published when frame.Length == 1 + 4 + 8:
                _sink.OnAcknowledged(ScheduledAt(BinaryPrimitives.ReadUInt32BigEndian(frame[1..])));
                return;
            case FrameType.Error:
                _sink.OnError(new InvalidOperationException("the relay refused a frame: " + Frame.Decode(frame.ToArray())));
                return;
            default:
                return; // member events of the room's setup
        }

        var senderAt = 2 + frame[1] + 8;
        var sender = frame.Slice(senderAt + 1, frame[senderAt]);
        var payload = frame[(senderAt + 1 + sender.Length)..];
        if (payload.Length < ChatHeaderSize + PayloadTranscript.SignatureSize || payload[0] != (byte)PayloadKind.Chat)
        {
            _sink.OnError(new InvalidOperationException("a Deliver without a Chat payload"));
            return;
        }

        var senderClient = _directory.Client(PyChatRoomDirectory.MemberOf(sender));
        var scheduled = senderClient?.ScheduledAt(BinaryPrimitives.ReadUInt64BigEndian(payload[5..])) ?? 0;
        BinaryPrimitives.WriteInt32LittleEndian(received, senderClient?.ClientId ?? -1);
        BenchPayload.Stamp(received, scheduled, 0);
        _sink.OnPayload(received);
    }
}
