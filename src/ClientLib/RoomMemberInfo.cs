using PyChat.Client.Cryptography;

namespace PyChat.Client;

/// <summary>A member of a <see cref="ChatRoom"/>.</summary>
/// <param name="Name">The member's user name, as the relay authenticated it.</param>
/// <param name="Fingerprint">The hex fingerprint of its identity key, to compare out of band.</param>
/// <param name="IdentityKey">Its registered identity key.</param>
/// <param name="IsHub">Whether it is the room's key hub now.</param>
public sealed record RoomMemberInfo(string Name, string Fingerprint, IdentityPublicKey IdentityKey, bool IsHub);
