using CsCheck;
using FluentAssertions;
using PyChat.Client.Cryptography;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

public sealed class RoomKeyWrapTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly IdentityKey _hubIdentity = IdentityKey.Generate();
    private readonly IdentityKey _memberIdentity = IdentityKey.Generate();
    private readonly EphemeralKeyPair _hub = EphemeralKeyPair.Generate();
    private readonly EphemeralKeyPair _member = EphemeralKeyPair.Generate();
    private readonly FernetKey _roomKey = FernetKey.Generate();

    public void Dispose()
    {
        _hubIdentity.Dispose();
        _memberIdentity.Dispose();
        _hub.Dispose();
        _member.Dispose();
        _roomKey.Dispose();
    }

    private RoomKeyWrapContext Context => new("general", 7, _hubIdentity.PublicKey, _memberIdentity.PublicKey);

    [Fact]
    public void TryUnwrap_OfAWrappedKey_GivesTheRoomKey()
    {
        byte[] wrapped = RoomKeyWrap.Wrap(_roomKey, _hub, _member.PublicKey.Span, Context, Now);

        RoomKeyWrap.TryUnwrap(wrapped, _member, _hub.PublicKey.Span, Context, Now, out FernetKey? roomKey).Should().BeTrue();
        using (roomKey)
        {
            roomKey!.ExportBase64Url().Should().Be(_roomKey.ExportBase64Url());
        }
    }

    [Fact]
    public void Wrap_GivesAFernetTokenAsAscii()
    {
        byte[] wrapped = RoomKeyWrap.Wrap(_roomKey, _hub, _member.PublicKey.Span, Context, Now);

        wrapped.Should().HaveCount(Fernet.GetTokenLength(FernetKey.Size));
        System.Text.Encoding.ASCII.GetString(wrapped).Should().MatchRegex("^gAAAAA[A-Za-z0-9_-]+=*$");
    }

    [Fact]
    public void EphemeralKeyPair_PublicKey_IsAnUncompressedSec1Point()
    {
        _hub.PublicKey.Length.Should().Be(EphemeralKeyPair.PublicKeySize);
        _hub.PublicKey.Span[0].Should().Be(0x04);
    }

    [Fact]
    public void TryUnwrap_WhenAnyBitOfTheWrappedKeyIsFlipped_ReturnsFalse()
    {
        byte[] wrapped = RoomKeyWrap.Wrap(_roomKey, _hub, _member.PublicKey.Span, Context, Now);
        Gen.Int[0, (wrapped.Length * 8) - 1].Sample(bit =>
        {
            byte[] tampered = (byte[])wrapped.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            RoomKeyWrap.TryUnwrap(tampered, _member, _hub.PublicKey.Span, Context, Now, out FernetKey? roomKey).Should().BeFalse();
            roomKey.Should().BeNull();
        }, iter: 300);
    }

    [Fact]
    public void TryUnwrap_WithAnotherRoomEpochOrIdentity_ReturnsFalse()
    {
        byte[] wrapped = RoomKeyWrap.Wrap(_roomKey, _hub, _member.PublicKey.Span, Context, Now);
        using IdentityKey stranger = IdentityKey.Generate();

        RoomKeyWrapContext[] others =
        [
            Context with { Room = "General" },
            Context with { Epoch = 8 },
            Context with { Hub = stranger.PublicKey },
            Context with { Member = stranger.PublicKey },
            Context with { Hub = _memberIdentity.PublicKey, Member = _hubIdentity.PublicKey },
        ];

        foreach (RoomKeyWrapContext other in others)
        {
            RoomKeyWrap.TryUnwrap(wrapped, _member, _hub.PublicKey.Span, other, Now, out _).Should().BeFalse(other.ToString());
        }
    }

    [Fact]
    public void TryUnwrap_WithAnotherEphemeralKey_ReturnsFalse()
    {
        byte[] wrapped = RoomKeyWrap.Wrap(_roomKey, _hub, _member.PublicKey.Span, Context, Now);
        using EphemeralKeyPair eve = EphemeralKeyPair.Generate();

        RoomKeyWrap.TryUnwrap(wrapped, eve, _hub.PublicKey.Span, Context, Now, out _).Should().BeFalse();
        RoomKeyWrap.TryUnwrap(wrapped, _member, eve.PublicKey.Span, Context, Now, out _).Should().BeFalse();
    }

    [Fact]
    public void TryUnwrap_WhenTheHubPublicKeyIsNotAPoint_ReturnsFalseWithoutThrowing()
    {
        byte[] wrapped = RoomKeyWrap.Wrap(_roomKey, _hub, _member.PublicKey.Span, Context, Now);
        byte[] offCurve = _hub.PublicKey.ToArray();
        offCurve[^1] ^= 0x01;

        Gen.Byte.Array[0, 70].Sample(garbage =>
            RoomKeyWrap.TryUnwrap(wrapped, _member, garbage, Context, Now, out _).Should().BeFalse(), iter: 50);
        RoomKeyWrap.TryUnwrap(wrapped, _member, offCurve, Context, Now, out _).Should().BeFalse();
    }

    [Fact]
    public void Wrap_WhenTheMemberPublicKeyIsNotAPoint_ThrowsArgumentException()
    {
        byte[] offCurve = _member.PublicKey.ToArray();
        offCurve[^1] ^= 0x01;

        FluentActions.Invoking(() => RoomKeyWrap.Wrap(_roomKey, _hub, offCurve, Context, Now)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => RoomKeyWrap.Wrap(_roomKey, _hub, new byte[65], Context, Now)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Wrap_WhenTheRoomNameIsOver255Bytes_ThrowsArgumentException()
    {
        RoomKeyWrapContext context = Context with { Room = new string('é', 128) };

        FluentActions.Invoking(() => RoomKeyWrap.Wrap(_roomKey, _hub, _member.PublicKey.Span, context, Now)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void BuildInfo_FollowsTheDocumentedLayout()
    {
        byte[] info = RoomKeyWrap.BuildInfo(Context);

        byte[] expected =
        [
            .. "pychat.v1/room-key-wrap"u8, 0x00, 7, .. "general"u8, 0, 0, 0, 7,
            .. _hubIdentity.PublicKey.Fingerprint.Span, .. _memberIdentity.PublicKey.Fingerprint.Span,
        ];
        info.Should().Equal(expected);
    }

    [Fact]
    public void Wrap_FollowsTheDocumentedConstruction()
    {
        byte[] wrapped = RoomKeyWrap.Wrap(_roomKey, _hub, _member.PublicKey.Span, Context, Now);

        // HKDF, salt, info and Fernet redone here with .NET primitives, from the member's side.
        byte[] shared = SharedSecret(_member, _hub.PublicKey.Span);
        byte[] salt = [.. _hub.PublicKey.Span, .. _member.PublicKey.Span];
        byte[] okm = System.Security.Cryptography.HKDF.DeriveKey(System.Security.Cryptography.HashAlgorithmName.SHA256, shared, 32, salt, RoomKeyWrap.BuildInfo(Context));
        using FernetKey wrappingKey = FernetKey.Import(okm);

        Fernet.TryDecrypt(wrappingKey, wrapped, FernetValidation.Default, Now, out byte[]? plain, out _).Should().BeTrue();
        byte[] room = new byte[32];
        _roomKey.Export(room);
        plain.Should().Equal(room);
    }

    private static byte[] SharedSecret(EphemeralKeyPair own, ReadOnlySpan<byte> peer)
    {
        byte[] secret = new byte[32];
        own.TryDeriveSharedSecret(peer, secret).Should().BeTrue();
        return secret;
    }
}
