// Room key wrap, docs/PROTOCOL.md §6.2:
//   shared = ECDH(hubEphemeral, memberKey)  (32-byte X coordinate)
//   salt   = hubEphemeralPublic[65] ‖ memberKeyPublic[65]
//   info   = "pychat.v1/room-key-wrap" 0x00 ‖ str8 room ‖ u32 epoch ‖ SHA-256(hub SPKI) ‖ SHA-256(member SPKI)
//   wrap   = HKDF-SHA256(shared, salt, info, 32)   (RFC 5869)
//   wrapped = Fernet(wrap).encrypt(roomKey)        (ASCII bytes)
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace PyChat.Client.Cryptography;

/// <summary>Delivers a room key from the hub to one member, bound to room, epoch and both identities.</summary>
public static class RoomKeyWrap
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("pychat.v1/room-key-wrap\0");

    /// <summary>Wraps <paramref name="roomKey"/> for the member whose announced key is <paramref name="memberEphemeralPublic"/>.</summary>
    /// <exception cref="CryptographicException">The member's key is not a valid P-256 point.</exception>
    public static byte[] Wrap(FernetKey roomKey, EphemeralKeyPair hubEphemeral, ReadOnlySpan<byte> memberEphemeralPublic, RoomKeyWrapContext context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(roomKey);
        ArgumentNullException.ThrowIfNull(hubEphemeral);
        ArgumentNullException.ThrowIfNull(context);
        using var wrap = DeriveWrappingKey(hubEphemeral, memberEphemeralPublic, hubEphemeral.PublicKey.Span, memberEphemeralPublic, context);
        Span<byte> raw = stackalloc byte[FernetKey.Size];
        try
        {
            roomKey.Export(raw);
            var token = new byte[Fernet.GetTokenLength(FernetKey.Size)];
            var written = Fernet.Encrypt(wrap, raw, now, token);
            return token[..written];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    /// <summary>Unwraps this member's entry of a Rekey; <see langword="false"/> if it does not open.</summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> wrapped, EphemeralKeyPair memberEphemeral, ReadOnlySpan<byte> hubEphemeralPublic, RoomKeyWrapContext context, DateTimeOffset now, [NotNullWhen(true)] out FernetKey? roomKey)
    {
        ArgumentNullException.ThrowIfNull(memberEphemeral);
        ArgumentNullException.ThrowIfNull(context);
        roomKey = null;
        FernetKey wrap;
        try
        {
            wrap = DeriveWrappingKey(memberEphemeral, hubEphemeralPublic, hubEphemeralPublic, memberEphemeral.PublicKey.Span, context);
        }
        catch (CryptographicException)
        {
            return false;
        }

        using (wrap)
        {
            if (!Fernet.TryDecrypt(wrap, wrapped, FernetValidation.Default, now, out var raw, out _))
            {
                return false;
            }

            try
            {
                if (raw.Length != FernetKey.Size)
                {
                    return false;
                }

                roomKey = FernetKey.Import(raw);
                return true;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(raw);
            }
        }
    }

    private static FernetKey DeriveWrappingKey(EphemeralKeyPair own, ReadOnlySpan<byte> peerPublic, ReadOnlySpan<byte> hubPublic, ReadOnlySpan<byte> memberPublic, RoomKeyWrapContext context)
    {
        var shared = own.DeriveSharedSecret(peerPublic);
        var salt = new byte[hubPublic.Length + memberPublic.Length];
        hubPublic.CopyTo(salt);
        memberPublic.CopyTo(salt.AsSpan(hubPublic.Length));
        var room = Encoding.UTF8.GetBytes(context.Room);
        if (room.Length > byte.MaxValue)
        {
            throw new ArgumentException("room name longer than 255 bytes", nameof(context));
        }

        var info = new byte[Label.Length + 1 + room.Length + 4 + 32 + 32];
        var span = info.AsSpan();
        Label.CopyTo(span);
        span = span[Label.Length..];
        span[0] = (byte)room.Length;
        room.CopyTo(span[1..]);
        span = span[(1 + room.Length)..];
        BinaryPrimitives.WriteUInt32BigEndian(span, context.Epoch);
        context.Hub.Fingerprint.Span.CopyTo(span[4..]);
        context.Member.Fingerprint.Span.CopyTo(span[36..]);
        Span<byte> okm = stackalloc byte[FernetKey.Size];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, okm, salt, info);
            return FernetKey.Import(okm);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
            CryptographicOperations.ZeroMemory(okm);
        }
    }
}
