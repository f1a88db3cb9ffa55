// Room key wrap (PyChat v1): ECDH P-256 -> HKDF-SHA256 (RFC 5869) -> Fernet key -> Fernet token of
// the 32-byte room key. Public keys 65 bytes (uncompressed), salt 130 bytes, wrapping key 32 bytes.
// See docs/CRYPTOGRAPHY.md for the exact construction.
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace PyChat.Client.Cryptography;

/// <summary>
/// Wraps a room key for one member over a pairwise ECDH channel between the key hub's and the
/// member's ephemeral keys, bound to the room, epoch and both identities.
/// </summary>
/// <remarks>
/// wrapping key = HKDF-SHA256(
///   ikm = X coordinate of ECDH(hub ephemeral, member ephemeral) (32 bytes),
///   salt = hub ephemeral public (65) || member ephemeral public (65),
///   info = ASCII "pychat.v1/room-key-wrap" || 0x00 || u8 len(room UTF-8) || room UTF-8 || u32 BE epoch
///          || SHA-256(hub SPKI) || SHA-256(member SPKI),
///   length = 32), used as a <see cref="FernetKey"/>; wrapped = the Fernet token (ASCII bytes) of the 32-byte room key.
/// The identities in the context are not authenticated here: sign the wrapped key, or the
/// ephemeral public keys, with the hub's <see cref="IdentityKey"/>.
/// </remarks>
public static class RoomKeyWrap
{
    private const int MaxRoomBytes = byte.MaxValue;
    private const int SharedSecretSize = 32;

    private static ReadOnlySpan<byte> Label => "pychat.v1/room-key-wrap\0"u8;

    /// <summary>The key hub wraps <paramref name="roomKey"/> for one member.</summary>
    /// <param name="roomKey">The room key to send.</param>
    /// <param name="hubEphemeral">The hub's ephemeral key pair for this member.</param>
    /// <param name="memberEphemeralPublic">The member's ephemeral public key (65 bytes, uncompressed).</param>
    /// <param name="context">Room, epoch and both identities.</param>
    /// <param name="now">The Fernet timestamp.</param>
    /// <returns>The wrapped key: a Fernet token as ASCII bytes.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The member's public key is not a valid P-256 point, or the room name is longer than 255 UTF-8 bytes.</exception>
    /// <exception cref="ObjectDisposedException">A key was disposed.</exception>
    public static byte[] Wrap(FernetKey roomKey, EphemeralKeyPair hubEphemeral, ReadOnlySpan<byte> memberEphemeralPublic, RoomKeyWrapContext context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(roomKey);
        ArgumentNullException.ThrowIfNull(hubEphemeral);
        ValidateContext(context);

        using FernetKey wrappingKey = DeriveWrappingKey(hubEphemeral, hubEphemeral.PublicKey.Span, memberEphemeralPublic, memberEphemeralPublic, context)
            ?? throw new ArgumentException("Not an uncompressed P-256 public key.", nameof(memberEphemeralPublic));

        Span<byte> plain = stackalloc byte[FernetKey.Size];
        try
        {
            roomKey.Export(plain);
            byte[] wrapped = new byte[Fernet.GetTokenLength(FernetKey.Size)];
            Fernet.Encrypt(wrappingKey, plain, now, wrapped.AsSpan());
            return wrapped;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>A member unwraps a room key from the hub.</summary>
    /// <param name="wrapped">The wrapped key (Fernet token ASCII bytes).</param>
    /// <param name="memberEphemeral">The member's ephemeral key pair.</param>
    /// <param name="hubEphemeralPublic">The hub's ephemeral public key (65 bytes, uncompressed).</param>
    /// <param name="context">Room, epoch and both identities, exactly as the hub used them.</param>
    /// <param name="now">The current time (tokens more than 60 s in the future are refused; there is no time-to-live).</param>
    /// <param name="roomKey">The room key on success (the caller disposes it); otherwise <see langword="null"/>.</param>
    /// <returns><see langword="false"/> for any invalid, altered or mismatched input. Never throws for bad input bytes.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The room name is longer than 255 UTF-8 bytes.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="memberEphemeral"/> was disposed.</exception>
    public static bool TryUnwrap(ReadOnlySpan<byte> wrapped, EphemeralKeyPair memberEphemeral, ReadOnlySpan<byte> hubEphemeralPublic, RoomKeyWrapContext context, DateTimeOffset now, [NotNullWhen(true)] out FernetKey? roomKey)
    {
        ArgumentNullException.ThrowIfNull(memberEphemeral);
        ValidateContext(context);
        roomKey = null;

        using FernetKey? wrappingKey = DeriveWrappingKey(memberEphemeral, hubEphemeralPublic, memberEphemeral.PublicKey.Span, hubEphemeralPublic, context);
        if (wrappingKey is null || !Fernet.TryDecrypt(wrappingKey, wrapped, FernetValidation.Default, now, out byte[]? plain, out _))
        {
            return false;
        }

        try
        {
            if (plain.Length != FernetKey.Size)
            {
                return false;
            }

            roomKey = FernetKey.Import(plain);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>HKDF over the ECDH secret; null when the peer's public key is invalid. Internal for the test vectors.</summary>
    internal static FernetKey? DeriveWrappingKey(EphemeralKeyPair own, ReadOnlySpan<byte> hubPublic, ReadOnlySpan<byte> memberPublic, ReadOnlySpan<byte> peerPublic, RoomKeyWrapContext context)
    {
        Span<byte> secret = stackalloc byte[SharedSecretSize];
        Span<byte> okm = stackalloc byte[FernetKey.Size];
        try
        {
            if (hubPublic.Length != EphemeralKeyPair.PublicKeySize || memberPublic.Length != EphemeralKeyPair.PublicKeySize
                || !own.TryDeriveSharedSecret(peerPublic, secret))
            {
                return null;
            }

            Span<byte> salt = stackalloc byte[2 * EphemeralKeyPair.PublicKeySize];
            hubPublic.CopyTo(salt);
            memberPublic.CopyTo(salt[EphemeralKeyPair.PublicKeySize..]);

            HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, okm, salt, BuildInfo(context));
            return FernetKey.Import(okm);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>"pychat.v1/room-key-wrap" 0x00 | u8 len | room UTF-8 | u32 BE epoch | SHA-256(hub SPKI) | SHA-256(member SPKI).</summary>
    internal static byte[] BuildInfo(RoomKeyWrapContext context)
    {
        int roomLength = Encoding.UTF8.GetByteCount(context.Room);
        byte[] info = new byte[Label.Length + 1 + roomLength + sizeof(uint) + (2 * SHA256.HashSizeInBytes)];
        Span<byte> cursor = info;
        Label.CopyTo(cursor);
        cursor = cursor[Label.Length..];
        cursor[0] = (byte)roomLength;
        cursor = cursor[1..];
        cursor = cursor[Encoding.UTF8.GetBytes(context.Room, cursor)..];
        BinaryPrimitives.WriteUInt32BigEndian(cursor, context.Epoch);
        cursor = cursor[sizeof(uint)..];
        context.Hub.Fingerprint.Span.CopyTo(cursor);
        context.Member.Fingerprint.Span.CopyTo(cursor[SHA256.HashSizeInBytes..]);
        return info;
    }

    private static void ValidateContext(RoomKeyWrapContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(context.Room, nameof(context));
        ArgumentNullException.ThrowIfNull(context.Hub, nameof(context));
        ArgumentNullException.ThrowIfNull(context.Member, nameof(context));
        if (Encoding.UTF8.GetByteCount(context.Room) > MaxRoomBytes)
        {
            throw new ArgumentException($"The room name is at most {MaxRoomBytes} bytes of UTF-8.", nameof(context));
        }
    }
}
