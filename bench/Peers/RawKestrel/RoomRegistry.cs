using System.Collections.Concurrent;

namespace PyChat.Bench.Peers.RawKestrel;

/// <summary>Rooms by number, created on first join; counts frames dropped on full send queues.</summary>
internal sealed class RoomRegistry
{
    private readonly ConcurrentDictionary<int, Room> _rooms = new();
    private long _droppedFrames;

    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    public Room Get(int roomId) => _rooms.GetOrAdd(roomId, static (_, registry) => new Room(registry), this);

    public void OnDropped() => Interlocked.Increment(ref _droppedFrames);
}
