namespace PyChat.Relay.Rooms;

/// <summary>
/// The rooms one connection is in. Guarded by its own lock, always taken before a room's lock
/// (never the other way round), so a join cannot race with the connection leaving everything.
/// </summary>
internal sealed class Memberships
{
    private readonly Dictionary<string, Room> _rooms;
    private readonly Dictionary<string, Room>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public Memberships()
    {
        _rooms = new(StringComparer.Ordinal);
        _byChars = _rooms.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public object SyncRoot { get; } = new();

    /// <summary>Set once the connection has left everything for good; later joins are ignored.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Looks a room up by name without needing the name as a string (Publish reads it from the frame's bytes).</summary>
    public bool TryGet(ReadOnlySpan<char> room, out Room value)
    {
        lock (SyncRoot)
        {
            return _byChars.TryGetValue(room, out value!);
        }
    }

    // The members below are called with SyncRoot held.
    public bool Contains(string room) => _rooms.ContainsKey(room);

    public int Count => _rooms.Count;

    public void Add(Room room) => _rooms.Add(room.Name, room);

    public bool Remove(string room, out Room value) => _rooms.Remove(room, out value!);

    public IReadOnlyList<Room> CloseAndTakeAll()
    {
        IsClosed = true;
        var all = _rooms.Values.ToList();
        _rooms.Clear();
        return all;
    }
}
