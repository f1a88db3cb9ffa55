using System.Security.Cryptography;
using FluentAssertions;
using PyChat.Client.Cryptography;
using PyChat.TestSupport;

namespace PyChat.ClientLib.Tests.Protocol;

/// <summary>
/// The room key wrap vector of docs/PROTOCOL.md §9.2, step by step: with the code under test, with .NET's
/// primitives directly, and with Python's <c>cryptography</c> (python3 + cryptography; CI installs them).
/// </summary>
public sealed class RoomKeyWrapVectorTests
{
    private static readonly IReadOnlyDictionary<string, string> Hex = ProtocolDocument.HexExamples();
    private static readonly IReadOnlyDictionary<string, string> Text = ProtocolDocument.TextExamples();

    private const string PythonScript = """
        import sys, base64, hashlib, struct
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives import serialization, hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF
        from cryptography.fernet import Fernet
        hub_d, member_d, hub_spki, member_spki, room, epoch, room_key, ts, iv, token_text = sys.stdin.read().split()
        def pair(d):
            k = ec.derive_private_key(int(d, 16), ec.SECP256R1())
            return k, k.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        hub, hub_public = pair(hub_d)
        member, member_public = pair(member_d)
        shared = hub.exchange(ec.ECDH(), member.public_key())
        assert shared == member.exchange(ec.ECDH(), hub.public_key())
        salt = hub_public + member_public
        r = room.encode()
        info = (b"pychat.v1/room-key-wrap\0" + bytes([len(r)]) + r + struct.pack(">I", int(epoch))
                + hashlib.sha256(bytes.fromhex(hub_spki)).digest() + hashlib.sha256(bytes.fromhex(member_spki)).digest())
        wrap = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(shared)
        key = base64.urlsafe_b64encode(wrap)
        f = Fernet(key)
        token = f._encrypt_from_parts(bytes.fromhex(room_key), int(ts), bytes.fromhex(iv))
        opened = f.decrypt(token_text.encode())
        for name, value in [("room-key-wrap-hub-public", hub_public), ("room-key-wrap-member-public", member_public),
                            ("room-key-wrap-shared", shared), ("room-key-wrap-salt", salt), ("room-key-wrap-info", info),
                            ("room-key-wrap-key", wrap), ("room-key-wrap-token", base64.urlsafe_b64decode(token)), ("opened", opened)]:
            print(name, value.hex())
        print("room-key-wrap-key-text", key.decode())
        print("room-key-wrap-token-text", token.decode())
        """;

    [Fact]
    public void EachStep_IsWhatTheCodeComputes()
    {
        using var hub = EphemeralKeyPair.FromPrivateKey(Bytes("room-key-wrap-hub-private"));
        using var member = EphemeralKeyPair.FromPrivateKey(Bytes("room-key-wrap-member-private"));
        var context = PayloadExamples.WrapContext;
        Span<byte> fromHub = stackalloc byte[32];
        Span<byte> fromMember = stackalloc byte[32];

        Hex["room-key-wrap-hub-public"].Should().Be(Convert.ToHexStringLower(hub.PublicKey.Span));
        Hex["room-key-wrap-member-public"].Should().Be(Convert.ToHexStringLower(member.PublicKey.Span));
        hub.TryDeriveSharedSecret(member.PublicKey.Span, fromHub).Should().BeTrue();
        member.TryDeriveSharedSecret(hub.PublicKey.Span, fromMember).Should().BeTrue();
        Hex["room-key-wrap-shared"].Should().Be(Convert.ToHexStringLower(fromHub)).And.Be(Convert.ToHexStringLower(fromMember));
        Hex["room-key-wrap-salt"].Should().Be(Convert.ToHexStringLower([.. hub.PublicKey.Span, .. member.PublicKey.Span]));
        Hex["room-key-wrap-info"].Should().Be(Convert.ToHexStringLower(RoomKeyWrap.BuildInfo(context)));
        Hex["room-key-wrap-key"].Should().Be(Convert.ToHexStringLower(
            HKDF.DeriveKey(HashAlgorithmName.SHA256, Bytes("room-key-wrap-shared"), 32, Bytes("room-key-wrap-salt"), Bytes("room-key-wrap-info"))));

        using var hubSide = RoomKeyWrap.DeriveWrappingKey(hub, hub.PublicKey.Span, member.PublicKey.Span, member.PublicKey.Span, context)!;
        using var memberSide = RoomKeyWrap.DeriveWrappingKey(member, hub.PublicKey.Span, member.PublicKey.Span, hub.PublicKey.Span, context)!;
        var exported = new byte[32];
        hubSide.Export(exported);
        Hex["room-key-wrap-key"].Should().Be(Convert.ToHexStringLower(exported));
        memberSide.Export(exported);
        Hex["room-key-wrap-key"].Should().Be(Convert.ToHexStringLower(exported));
        Text["room-key-wrap-key-text"].Should().Be(hubSide.ExportBase64Url());

        Hex["room-key"].Should().Be(Convert.ToHexStringLower(PayloadExamples.RoomKey));
        var token = Fernet.Encrypt(hubSide, Bytes("room-key"), PayloadExamples.WrapTime, (ReadOnlySpan<byte>)PayloadExamples.WrapIv);
        Text["room-key-wrap-token-text"].Should().Be(token);
        Hex["room-key-wrap-token"].Should().Be(Convert.ToHexStringLower(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/'))));
    }

    [Fact]
    public void TokenFields_AreWhatTheFernetSpecSays()
    {
        var raw = Bytes("room-key-wrap-token");
        var key = Bytes("room-key-wrap-key");
        using var aes = Aes.Create();
        aes.Key = key[16..];

        raw.Length.Should().Be(105);
        raw[0].Should().Be(0x80);
        raw[1..9].Should().Equal(BitConverter.GetBytes(1767225600UL).Reverse());
        raw[9..25].Should().Equal(PayloadExamples.WrapIv);
        raw[25..^32].Should().Equal(aes.EncryptCbc(Bytes("room-key"), raw[9..25]));
        raw[^32..].Should().Equal(HMACSHA256.HashData(key[..16], raw[..^32]));
    }

    [Fact]
    public void TryUnwrap_OpensTheDocumentedWrappedKey_AndWrap_MakesOneTheDocumentedWrappingKeyOpens()
    {
        using var hub = EphemeralKeyPair.FromPrivateKey(Bytes("room-key-wrap-hub-private"));
        using var member = EphemeralKeyPair.FromPrivateKey(Bytes("room-key-wrap-member-private"));
        var token = System.Text.Encoding.ASCII.GetBytes(Text["room-key-wrap-token-text"]);
        var context = PayloadExamples.WrapContext;
        var exported = new byte[32];

        RoomKeyWrap.TryUnwrap(token, member, hub.PublicKey.Span, context, PayloadExamples.WrapTime, out var unwrapped).Should().BeTrue();
        using (unwrapped)
        {
            unwrapped!.Export(exported);
            exported.Should().Equal(Bytes("room-key"));
        }

        RoomKeyWrap.TryUnwrap(token, member, hub.PublicKey.Span, context with { Epoch = 3 }, PayloadExamples.WrapTime, out _)
            .Should().BeFalse("the epoch is part of the info");

        using var roomKey = FernetKey.Import(Bytes("room-key"));
        using var wrappingKey = FernetKey.FromBase64Url(Text["room-key-wrap-key-text"]);
        var wrapped = RoomKeyWrap.Wrap(roomKey, hub, member.PublicKey.Span, context, PayloadExamples.WrapTime);
        wrapped.Length.Should().Be(140);
        Fernet.TryDecrypt(wrappingKey, wrapped, FernetValidation.Default, PayloadExamples.WrapTime, out var plain, out var error).Should().BeTrue(error.ToString());
        plain.Should().Equal(Bytes("room-key"));
    }

    [Fact]
    public async Task PythonCryptography_ComputesEveryStepTheSame()
    {
        string input = string.Join(' ',
            Hex["room-key-wrap-hub-private"], Hex["room-key-wrap-member-private"], Hex["identity-key-alice"], Hex["identity-key-bob"],
            PayloadExamples.Room, PayloadExamples.RekeyEpoch, Hex["room-key"], PayloadExamples.WrapTime.ToUnixTimeSeconds(),
            Convert.ToHexStringLower(PayloadExamples.WrapIv), Text["room-key-wrap-token-text"]);

        ExternalToolResult result = await ExternalTool.RunSuccessfullyAsync("python3", ["-c", PythonScript], input);

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
        lines.Should().HaveCount(10);
        lines["opened"].Should().Be(Hex["room-key"], "Python opens the documented wrapped key");
        foreach (var (name, value) in lines.Where(l => l.Key != "opened"))
        {
            value.Should().Be(name.EndsWith("-text", StringComparison.Ordinal) ? Text[name] : Hex[name], name);
        }
    }

    private static byte[] Bytes(string name) => Convert.FromHexString(Hex[name]);
}
