using PyChat.Client.Internal.Payloads;

namespace PyChat.Client.Internal;

/// <summary>
/// A verified chat waiting for the key of its epoch (docs/PROTOCOL.md §6.2), with the members present at its place in
/// the room's order (who could not read it decides whether a re-send will follow: §6.5).
/// </summary>
internal sealed record PendingChat(RoomMemberState Sender, ChatPayload Chat, DateTimeOffset ReceivedAt, IReadOnlyList<RoomMemberState> Present);
