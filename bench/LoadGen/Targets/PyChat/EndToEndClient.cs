using System.Buffers.Binary;
using System.Globalization;
using PyChat.Client;
using PyChat.Client.Cryptography;

namespace PyChat.Bench.LoadGen.Targets.PyChat;

/// <summary>
/// A PyChat member through ClientLib, with all of its cryptography on the clock: each send encrypts
/// and signs (<see cref="ChatRoom.SendAsync"/>), each receiver verifies the sender's ECDSA signature,
/// checks sequence and epoch and decrypts before the message reaches the sink. The 256-character
/// message text carries the sender's id and scheduled send time in decimal, then filler.
/// </summary>
internal sealed class EndToEndClient : IBenchClient
{
    private readonly PyChatClient _client;
    private readonly ChatRoom _room;
    private readonly IdentityKey _identity;
    private readonly IPayloadSink _sink;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _reading;

    public EndToEndClient(PyChatClient client, ChatRoom room, IdentityKey identity, IPayloadSink sink)
    {
        _client = client;
        _room = room;
        _identity = identity;
        _sink = sink;
        _reading = Task.Run(ReadEventsAsync);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        BenchPayload.TryRead(payload.Span, out var sender, out var scheduled);
        var header = string.Create(CultureInfo.InvariantCulture, $"{sender} {scheduled} ");
        return new ValueTask(_room.SendAsync(header.PadRight(BenchPayload.Size, 'x'), cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _client.DisposeAsync();
        await _reading;
        _identity.Dispose();
        _stopping.Dispose();
    }

    private async Task ReadEventsAsync()
    {
        var received = BenchPayload.Create(0);
        try
        {
            await foreach (var roomEvent in _room.ReadEventsAsync(_stopping.Token))
            {
                switch (roomEvent)
                {
                    case MessageReceived message:
                        var fields = message.Text.AsSpan();
                        var space = fields.IndexOf(' ');
                        var rest = fields[(space + 1)..];
                        var sender = int.Parse(fields[..space], CultureInfo.InvariantCulture);
                        var scheduled = long.Parse(rest[..rest.IndexOf(' ')], CultureInfo.InvariantCulture);
                        BinaryPrimitives.WriteInt32LittleEndian(received, sender);
                        BenchPayload.Stamp(received, scheduled, 0);
                        _sink.OnPayload(received);
                        break;
                    case MessageRejected rejected:
                        _sink.OnError(new InvalidOperationException($"rejected from {rejected.Sender}: {rejected.Reason} {rejected.Detail}"));
                        break;
                }
            }
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            _sink.OnError(ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or PyChatException)
        {
            // Stopping.
        }
    }
}
