using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>One room of the room view: its lines (kept while another window is on screen), its own messages, the task that
/// reads its lines.</summary>
internal sealed class RoomWindow : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly IDisposable? _roomOutput;
    private readonly bool _ownsRoom;

    public RoomWindow(IChatRoom room, WindowOutput window, IChatOutput output, IDisposable? roomOutput, bool ownsRoom, CancellationToken viewStopping)
    {
        Room = room;
        Window = window;
        Output = output;
        _roomOutput = roomOutput;
        _ownsRoom = ownsRoom;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(viewStopping);
        OwnMessages = new OwnMessages(room, output);
        Events = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);
    }

    public IChatRoom Room { get; }

    /// <summary>What the screen shows of it: its lines now, or kept until it is on screen again.</summary>
    public WindowOutput Window { get; }

    /// <summary>Where this room's lines and notices go.</summary>
    public IChatOutput Output { get; }

    public OwnMessages OwnMessages { get; }

    /// <summary>Ends when the room's lines end: with the failure that closed the connection, or when the window stops.</summary>
    public Task Events { get; }

    /// <summary>Leaves the room: what was typed goes out first, then the lines stop, then the relay is told.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await OwnMessages.DrainAsync();
        await StopAsync();
        await Room.LeaveAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Events.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await OwnMessages.DrainAsync();
        _roomOutput?.Dispose();
        _stop.Dispose();
        if (_ownsRoom)
        {
            await Room.DisposeAsync();
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in Room.ReadAsync(cancellationToken))
            {
                Output.Write(line);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The window stops: the room is left, or the view ends.
        }
    }
}
