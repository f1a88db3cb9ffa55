using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol;
using PyChat.TestSupport.Relays;

namespace PyChat.Integration.Tests;

[Collection(RelayCollection.Name)]
public sealed class AuthenticationTests(RelayFixture relay)
{
    [Fact]
    public async Task Login_WithAKeyNotRegisteredForTheName_IsRefusedAndTheRightKeyThenSucceeds()
    {
        await using var owner = await relay.RegisterAsync("owner");
        await using var client = await PyChatClient.ConnectAsync(relay.Options);
        using var impostor = IdentityKey.Generate();

        var login = () => client.LoginAsync(owner.Name, impostor);

        (await login.Should().ThrowAsync<PyChatRelayException>()).Which.Code.Should().Be(ErrorCode.AuthenticationFailed);
        client.User.Should().BeNull();
        await owner.Client.DisposeAsync();
        await client.LoginAsync(owner.Name, owner.Identity);
        client.User.Should().Be(owner.Name, "the retry signs the fresh challenge of the relay's new Hello");
    }

    [Fact]
    public async Task Register_WithATakenName_IsRefusedWithNameTaken()
    {
        await using var owner = await relay.RegisterAsync("taken");
        await using var client = await PyChatClient.ConnectAsync(relay.Options);
        using var other = IdentityKey.Generate();

        var register = () => client.RegisterAsync(owner.Name, other);

        (await register.Should().ThrowAsync<PyChatRelayException>()).Which.Code.Should().Be(ErrorCode.NameTaken);
    }

    [Fact]
    public async Task Connect_PinningAnotherCa_FailsWithCertificateException()
    {
        using var otherCa = new TestCertificateAuthority("Not The Relay's CA");
        var options = relay.Options with { CaCertificatePath = null, CaCertificate = otherCa.PublicCertificate };

        var connect = () => PyChatClient.ConnectAsync(options);

        (await connect.Should().ThrowAsync<PyChatCertificateException>()).Which.Message.Should().Contain("pinned CA");
    }
}
