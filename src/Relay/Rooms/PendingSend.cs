using PyChat.Relay.Connections;

namespace PyChat.Relay.Rooms;

/// <summary>
/// A frame of a room (and what follows it) waiting for the room log; its recipients are the members that were here
/// when it took its offset, whoever is here by the time the log has it. Sent under the room's lock, in offset order.
/// </summary>
internal sealed record PendingSend(Task Logged, ulong Offset, byte[] Frame, RelayConnection[] Recipients, Action? Then, bool SendIfNotLogged)
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Action? NotLogged { get; init; }

    public void Send()
    {
        if (Logged.IsCompletedSuccessfully || SendIfNotLogged)
        {
            foreach (var recipient in Recipients)
            {
                recipient.Enqueue(Frame);
            }

            Then?.Invoke();
        }
        else
        {
            NotLogged?.Invoke();
        }

        Done.TrySetResult();
    }
}
