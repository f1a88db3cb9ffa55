namespace PyChat.Client.Cryptography;

/// <summary>
/// What a wrapped room key is bound to: the room, its key epoch, and the identities of the key hub
/// and of the member. A wrapped key only unwraps with exactly the same context.
/// </summary>
/// <param name="Room">The room name (at most 255 bytes of UTF-8).</param>
/// <param name="Epoch">The room key's epoch.</param>
/// <param name="Hub">The key hub's identity key.</param>
/// <param name="Member">The receiving member's identity key.</param>
public sealed record RoomKeyWrapContext(string Room, uint Epoch, IdentityPublicKey Hub, IdentityPublicKey Member);
