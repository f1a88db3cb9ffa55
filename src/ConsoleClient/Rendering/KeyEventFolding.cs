namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// Folds the room key's rotation into the join or leave that caused it, so a member coming and going is one line for
/// everyone, not two: <c>bob joined (key …) · new key</c>. The hub rotates the key on every join and leave, a moment
/// after the relay announced it; the membership line waits up to <see cref="Window"/> for that rotation. Any other
/// line ends the wait (the membership line is written first, unchanged), so nothing is ever reordered; a rotation that
/// comes later, or without a join or leave, keeps a line of its own. <c>/keys</c> lists every epoch either way.
/// For people only: <c>--json</c> gets every event as it comes.
/// </summary>
internal sealed class KeyEventFolding : IChatOutput, IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
    public const string NewKeyMark = " · new key";

    private readonly IChatOutput _output;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private RoomLine? _held;
    private readonly List<RoomLine> _heldBehind = [];

    public KeyEventFolding(IChatOutput output, TimeProvider time)
    {
        _output = output;
        _timer = time.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Write(RoomLine line)
    {
        lock (_lock)
        {
            if (_held is { } held && line.Code == RoomLineCodes.KeyRotated)
            {
                _held = null;
                _output.Write(held with { Text = held.Text + NewKeyMark });
                WriteHeldBehind();
                return;
            }

            if (_held is not null && line.Code == RoomLineCodes.PeerFirstSeen && line.Member == _held.Member)
            {
                _heldBehind.Add(line); // "bob is new to you" belongs to bob's join: it waits with it
                return;
            }

            ReleaseHeld();
            if (line.Code is RoomLineCodes.Joined or RoomLineCodes.Left)
            {
                _held = line;
                _timer.Change(Window, Timeout.InfiniteTimeSpan);
                return;
            }

            _output.Write(line);
        }
    }

    public void WriteRooms(IReadOnlyList<RoomRow> rooms) => _output.WriteRooms(rooms);

    public void WriteMembers(string room, IReadOnlyList<MemberRow> members)
    {
        lock (_lock)
        {
            ReleaseHeld();
            _output.WriteMembers(room, members);
        }
    }

    /// <summary>Writes a line still waiting: the view ends, and what happened must be on the screen.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        Release();
    }

    private void Release()
    {
        lock (_lock)
        {
            ReleaseHeld();
        }
    }

    private void ReleaseHeld()
    {
        if (_held is { } held)
        {
            _held = null;
            _output.Write(held);
            WriteHeldBehind();
        }
    }

    private void WriteHeldBehind()
    {
        foreach (var line in _heldBehind)
        {
            _output.Write(line);
        }

        _heldBehind.Clear();
    }
}
