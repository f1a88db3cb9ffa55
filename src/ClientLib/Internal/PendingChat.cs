using PyChat.Client.Internal.Payloads;

namespace PyChat.Client.Internal;

/// <summary>A verified chat waiting for the key of its epoch (docs/PROTOCOL.md §6.2).</summary>
internal sealed record PendingChat(RoomMemberState Sender, ChatPayload Chat, DateTimeOffset ReceivedAt);
