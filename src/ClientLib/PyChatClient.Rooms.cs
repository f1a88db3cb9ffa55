using PyChat.Protocol.Frames;

namespace PyChat.Client;

public sealed partial class PyChatClient
{
    /// <summary>Lists the relay's active rooms, sorted by name.</summary>
    /// <param name="cancellationToken">Cancels the wait for the relay's answer.</param>
    public async Task<IReadOnlyList<RoomInfo>> ListRoomsAsync(CancellationToken cancellationToken = default)
    {
        var list = await RequestAsync<RoomListFrame>(id => new ListRoomsFrame(id), cancellationToken).ConfigureAwait(false);
        return [.. list.Rooms.Select(r => new RoomInfo(r.Name, r.Members, r.Capacity))];
    }

    /// <summary>
    /// Creates a room with this user as its only member and key hub; the room has its first key at once.
    /// </summary>
    /// <param name="room">The room name (same rule as user names).</param>
    /// <param name="cancellationToken">Cancels the wait for the relay's answer.</param>
    /// <exception cref="PyChatRelayException">Refused, e.g. <see cref="Protocol.ErrorCode.RoomExists"/>.</exception>
    public Task<ChatRoom> CreateRoomAsync(string room, CancellationToken cancellationToken = default) =>
        EnterRoomAsync(room, create: true, cancellationToken);

    /// <summary>
    /// Joins an active room. The room key arrives from the hub shortly after; <see cref="ChatRoom.SendAsync"/>
    /// waits for it, or call <see cref="ChatRoom.WaitForKeyAsync"/>.
    /// </summary>
    /// <param name="room">The room name.</param>
    /// <param name="cancellationToken">Cancels the wait for the relay's answer.</param>
    /// <exception cref="PyChatRelayException">Refused, e.g. <see cref="Protocol.ErrorCode.RoomFull"/> or <see cref="Protocol.ErrorCode.UnknownRoom"/>.</exception>
    public Task<ChatRoom> JoinRoomAsync(string room, CancellationToken cancellationToken = default) =>
        EnterRoomAsync(room, create: false, cancellationToken);

    /// <summary>A peer's key was trusted: every room re-reads trust (trust is per relay, not per room).</summary>
    internal async Task OnPeerTrustedAsync(CancellationToken cancellationToken)
    {
        foreach (var room in _rooms.Values)
        {
            await room.OnTrustChangedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets a room this client left: later frames for it are ignored.</summary>
    internal void Forget(ChatRoom room) => _rooms.TryRemove(KeyValuePair.Create(room.Name, room));

    private async Task<ChatRoom> EnterRoomAsync(string room, bool create, CancellationToken cancellationToken)
    {
        ValidateName(room, nameof(room));
        var login = _login ?? throw new InvalidOperationException("Log in before entering a room.");
        ObjectDisposedException.ThrowIf(_disposed != 0, this);

        // The room exists locally before the request goes out, so that the receive loop can hand it the
        // RoomJoined answer and every frame after it without a gap.
        var chatRoom = new ChatRoom(this, room, login.User, login.Identity, create);
        if (!_rooms.TryAdd(room, chatRoom))
        {
            throw new InvalidOperationException($"This client is already in room '{room}'.");
        }

        try
        {
            var announcement = chatRoom.CreateAnnouncement();
            await RequestAsync<RoomJoinedFrame>(
                id => create ? new CreateRoomFrame(id, room, announcement) : new JoinRoomFrame(id, room, announcement),
                cancellationToken).ConfigureAwait(false);
            return chatRoom;
        }
        catch (Exception e)
        {
            Forget(chatRoom);
            await chatRoom.AbandonAsync().ConfigureAwait(false);
            if (e is not PyChatRelayException && _closed is null)
            {
                // The request may still succeed at the relay after we stopped waiting: leave, best effort.
                _ = RequestAsync<OkFrame>(id => new LeaveRoomFrame(id, room), CancellationToken.None)
                    .ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }

            throw;
        }
    }
}
