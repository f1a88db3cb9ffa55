using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Relay.Tests.Authentication;

public sealed class RegisterKeyTests
{
    [Fact]
    public async Task Register_WithAKeyOnAnUnknownCurve_IsRefusedWithInvalidKey_AndANewHello()
    {
        // Before the fix the key's parser threw PlatformNotSupportedException: the relay answered
        // InternalError and, having used the challenge up, sent no new Hello to log in with.
        await using var relay = await TestRelay.StartAsync();
        var client = await relay.ConnectAsync();
        var identity = relay.Identity("alice");
        var key = IdentityKeyFuzzTests.UnknownCurveKey(identity.PublicKey);

        await client.SendAsync(new RegisterFrame(1, "alice", key, new byte[ProtocolLimits.SignatureSize]));

        var error = await client.ReceiveAsync<ErrorFrame>();
        (error.RequestId, error.Code).Should().Be((1u, ErrorCode.InvalidKey));
        await client.ReceiveAsync<HelloFrame>();
        (await client.RegisterAsync(identity)).Should().BeOfType<OkFrame>();
    }
}
