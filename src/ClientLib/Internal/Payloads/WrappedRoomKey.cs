namespace PyChat.Client.Internal.Payloads;

/// <summary>One entry of a Rekey: the room key wrapped for one member (docs/PROTOCOL.md §6.2).</summary>
internal sealed record WrappedRoomKey(string Member, ReadOnlyMemory<byte> WrappedKey);
