using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// A room as the room view needs it: what ClientLib's <c>ChatRoom</c> offers, already phrased as lines.
/// The seam lets the room view be tested in-process without a relay.
/// </summary>
internal interface IChatRoom : IAsyncDisposable
{
    string Name { get; }

    /// <summary>This user's name in the room.</summary>
    string Self { get; }

    IReadOnlyList<MemberRow> Members { get; }

    /// <summary>Every room key this client installed in this room, oldest first (<c>/keys</c>).</summary>
    IReadOnlyList<KeyEpochRow> KeyHistory { get; }

    /// <summary>Whether this member holds a room key to send with (false until the key hub has sent one).</summary>
    bool HasKey { get; }

    /// <summary>
    /// Everything that happens in the room, and to the connection to the relay (lost, reconnecting, back), as lines,
    /// until the room is left or the connection is closed for good; then it throws what closed it.
    /// </summary>
    IAsyncEnumerable<RoomLine> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends a message, waiting first for the room key if this member has none yet; completes when the relay has
    /// acknowledged it. Throws <c>PyChatSendsHeldException</c> while a member's changed key is not trusted,
    /// <c>PyChatRelayException</c> when the relay refused it, <c>PyChatTimeoutException</c> when no key or
    /// acknowledgement came in time.
    /// </summary>
    Task SendAsync(string text, CancellationToken cancellationToken);

    Task LeaveAsync(CancellationToken cancellationToken);

    /// <summary>The safety number this user and <paramref name="member"/> both see when no one is in the middle.</summary>
    string SafetyNumberWith(string member);

    /// <summary>Accepts <paramref name="member"/>'s current key, changed or not; a hold on sends it caused ends.</summary>
    Task TrustAsync(string member, CancellationToken cancellationToken);
}
