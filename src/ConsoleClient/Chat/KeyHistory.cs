using PyChat.Client;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// The room keys installed in one room, with the join or leave each followed, for <c>/keys</c>: the view folds key
/// rotations into membership lines (<see cref="KeyEventFolding"/>), so this is where the whole history stays.
/// </summary>
internal sealed class KeyHistory
{
    private readonly Lock _lock = new();
    private readonly List<KeyEpochRow> _rows = [];
    private string? _lastMembership;

    public IReadOnlyList<KeyEpochRow> Rows
    {
        get
        {
            lock (_lock)
            {
                return [.. _rows];
            }
        }
    }

    public void Record(RoomEvent roomEvent)
    {
        lock (_lock)
        {
            switch (roomEvent)
            {
                case MemberJoined joined:
                    Changed($"{joined.Member} joined");
                    break;
                case MemberLeft left:
                    Changed($"{left.Member} left");
                    break;
                case KeyRotated key:
                    // By order, not by time: the hub makes one key for every change of members since its last one.
                    _rows.Add(new KeyEpochRow(key.Epoch, key.Hub, key.Time, _lastMembership));
                    _lastMembership = null;
                    break;
            }
        }
    }

    private void Changed(string what) => _lastMembership = _lastMembership is null ? what : $"{_lastMembership}, {what}";
}
