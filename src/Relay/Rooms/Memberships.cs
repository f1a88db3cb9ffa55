namespace PyChat.Relay.Rooms;

/// <summary>
/// The rooms one connection is in. Guarded by its own lock, always taken before a room's lock
/// (never the other way round), so a join cannot race with the connection leaving everything.
/// </summary>
internal sealed class Memberships
{
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    public object SyncRoot { get; } = new();

    /// <summary>Set once the connection has left everything for good; later joins are ignored.</summary>
    public bool IsClosed { get; private set; }

    public bool TryGet(string room, out Room value)
    {
        lock (SyncRoot)
        {
            return _rooms.TryGetValue(room, out value!);
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
