namespace PyChat.Bench.Peers.RawKestrel;

/// <summary>
/// Members of one room. Copy-on-write: joins and leaves are rare, broadcasts are the hot path and
/// read the member array without a lock.
/// </summary>
internal sealed class Room(RoomRegistry registry)
{
    private readonly Lock _gate = new();
    private RelayConnection[] _members = [];

    public void Join(RelayConnection member)
    {
        lock (_gate)
        {
            _members = [.. _members, member];
        }
    }

    public void Leave(RelayConnection member)
    {
        lock (_gate)
        {
            _members = Array.FindAll(_members, m => m != member);
        }
    }

    /// <summary>Queues <paramref name="frame"/> for every member but its sender; one shared buffer.</summary>
    public void Broadcast(RelayConnection sender, byte[] frame)
    {
        foreach (var member in Volatile.Read(ref _members))
        {
            if (member != sender && !member.TryEnqueue(frame))
            {
                registry.OnDropped();
            }
        }
    }
}
