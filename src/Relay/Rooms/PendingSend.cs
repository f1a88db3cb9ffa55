using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Connections;

namespace PyChat.Relay.Rooms;

/// <summary>
/// A frame of a room (and what follows it) waiting for the room log; its recipients are the members that were here
/// when it took its offset, whoever is here by the time the log has it. Sent under the room's lock, in offset order.
/// A membership frame goes out even if the log lost it (the room changed whatever the disk says); a Deliver only if the
/// log kept it, and its <see cref="Publisher"/> gets Published, or InternalError if the log lost it.
/// </summary>
internal sealed record PendingSend(Task Logged, ulong Offset, byte[] Frame, RelayConnection[] Recipients, Action? Then = null)
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The sender of a Deliver's Publish, and its request id: fields rather than closures, one Publish at a time.</summary>
    public RelayConnection? Publisher { get; init; }

    public uint RequestId { get; init; }

    /// <summary>When the Publish arrived, for the publish-to-deliver latency.</summary>
    public long ReceivedAt { get; init; }

    public void Send()
    {
        if (Logged.IsCompletedSuccessfully || Publisher is null)
        {
            foreach (var recipient in Recipients)
            {
                recipient.Enqueue(Frame);
            }

            Publisher?.Enqueue(new PublishedFrame(RequestId, Offset).Encode());
            Then?.Invoke();
        }
        else
        {
            Publisher.Enqueue(new ErrorFrame(RequestId, ErrorCode.InternalError, ErrorMessages.For(ErrorCode.InternalError)).Encode());
        }

        Done.TrySetResult();
    }
}
