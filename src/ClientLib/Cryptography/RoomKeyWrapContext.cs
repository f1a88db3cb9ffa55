namespace PyChat.Client.Cryptography;

/// <summary>What a wrapped room key is bound to: the room, the epoch, the hub and the member (docs/PROTOCOL.md §6.2).</summary>
/// <param name="Room">The room name.</param>
/// <param name="Epoch">The epoch of the room key.</param>
/// <param name="Hub">The hub's identity key.</param>
/// <param name="Member">The receiving member's identity key.</param>
public sealed record RoomKeyWrapContext(string Room, uint Epoch, IdentityPublicKey Hub, IdentityPublicKey Member);
