using System.Threading.Channels;
using PyChat.Client;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// The user's own messages between Enter and the relay's acknowledgement. The input line stays free meanwhile (a
/// send waits in ClientLib's outbox for as long as the connection is down), and each message is shown, in the order
/// typed, with ✓ once acknowledged or ✗ with the reason and its text when it was not sent.
/// </summary>
internal sealed class OwnMessages
{
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IChatRoom _room;
    private readonly IChatOutput _output;
    private readonly Task _showing;

    public OwnMessages(IChatRoom room, IChatOutput output)
    {
        _room = room;
        _output = output;
        _showing = Task.Run(ShowInOrderAsync);
    }

    /// <summary>Starts sending <paramref name="text"/>; the outcome is shown when it is known, after those typed before it.</summary>
    public void Send(string text, CancellationToken cancellationToken)
    {
        var typed = DateTimeOffset.Now;
        Task send;
        try
        {
            send = _room.SendAsync(text, cancellationToken);
        }
        catch (Exception e)
        {
            send = Task.FromException(e);
        }

        _pending.Writer.TryWrite(new Pending(text, typed, send));
    }

    /// <summary>Waits until every message typed so far is acknowledged or refused, and shown.</summary>
    public async Task DrainAsync()
    {
        _pending.Writer.TryComplete();
        await _showing;
    }

    private async Task ShowInOrderAsync()
    {
        await foreach (var message in _pending.Reader.ReadAllAsync())
        {
            try
            {
                await message.Send;
                // The relay does not echo a message to its sender: it is shown, with ✓, once the relay acknowledged it.
                _output.Write(RoomLine.Message(message.Typed, _room.Self, message.Text, verified: true));
            }
            catch (PyChatSendsHeldException held)
            {
                _output.Write(RoomLine.Notice(RoomView.HeldNotice(held.Members)));
            }
            catch (OperationCanceledException)
            {
                _output.Write(RoomLine.Notice($"{Marks.NotSent} Not sent: you left before the relay acknowledged it. Your message was: {message.Text}"));
            }
            catch (Exception e) when (e is PyChatException)
            {
                _output.Write(RoomLine.Notice(RoomView.NotSentNotice(e, message.Text)));
            }
        }
    }

    private sealed record Pending(string Text, DateTimeOffset Typed, Task Send);
}
