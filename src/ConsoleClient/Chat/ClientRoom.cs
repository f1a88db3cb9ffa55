using System.Runtime.CompilerServices;
using PyChat.Client;
using PyChat.ConsoleClient.Connection;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// A ClientLib <see cref="ChatRoom"/> as the room view sees it; its lines include what happens to the connection
/// (<see cref="ConnectionFeed"/>), since a reconnect is something the user of the room must know about.
/// </summary>
internal sealed class ClientRoom(ChatRoom room, string self, IKnownPeers knownPeers, ConnectionFeed connection) : IChatRoom
{
    public string Name => room.Name;

    public string Self => self;

    public IReadOnlyList<MemberRow> Members => room.Members
        .Select(m => new MemberRow(m.Name, m.IsHub, m.Name == self, KeyChanged(m), Fingerprints.Grouped(m.Fingerprint)))
        .ToList();

    public bool HasKey => room.HasKey;

    public IReadOnlyList<KeyEpochRow> KeyHistory => _keys.Rows;

    private readonly KeyHistory _keys = new();

    public IAsyncEnumerable<RoomLine> ReadAsync(CancellationToken cancellationToken) =>
        RoomLineMerge.MergeAsync(RoomLinesAsync(cancellationToken), ConnectionLinesAsync(cancellationToken), () => connection.IsClosed, cancellationToken);

    public Task SendAsync(string text, CancellationToken cancellationToken) => room.SendAsync(text, cancellationToken);

    public Task LeaveAsync(CancellationToken cancellationToken) => room.LeaveAsync(cancellationToken);

    public string SafetyNumberWith(string member) => room.SafetyNumberWith(member);

    public Task TrustAsync(string member, CancellationToken cancellationToken) => room.TrustAsync(member, cancellationToken);

    public ValueTask DisposeAsync() => room.DisposeAsync();

    private async IAsyncEnumerable<RoomLine> RoomLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tally = new CatchUpTally();
        await foreach (var roomEvent in room.ReadEventsAsync(cancellationToken))
        {
            _keys.Record(roomEvent);
            yield return tally.ToLine(roomEvent);
        }
    }

    private async IAsyncEnumerable<RoomLine> ConnectionLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var connectionEvent in connection.ListenAsync(cancellationToken))
        {
            if (ConnectionEventLines.ToLine(connectionEvent) is { } line)
            {
                yield return line;
            }
        }
    }

    private bool KeyChanged(RoomMemberInfo member) =>
        member.Name != self
        && knownPeers.TryGetFingerprint(member.Name, out var known)
        && Fingerprints.Normalize(known) != Fingerprints.Normalize(member.Fingerprint);
}
