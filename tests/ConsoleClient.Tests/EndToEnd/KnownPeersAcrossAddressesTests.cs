using FluentAssertions;
using PyChat.TestSupport.Network;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>
/// Trust on first use belongs to the relay (the CA the user pins), not to the address it was reached at: the same relay
/// through a proxy on another port is the same relay, and the keys met there stay known.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KnownPeersAcrossAddressesTests(RelayFixture relay) : IClassFixture<RelayFixture>, IAsyncDisposable
{
    private const string Time = @"^\d\d:\d\d:\d\d ";
    private readonly TcpProxy _proxy = new(() => relay.RelayUri);

    [Fact]
    public async Task APeerMetDirectly_IsStillKnown_WhenTheSameRelayIsReachedThroughAProxyOnAnotherPort()
    {
        var nina = await Person.InitAsync(relay, "nina");
        var omar = await Person.InitAsync(relay, "omar");
        _proxy.Port.Should().NotBe(relay.RelayUri.Port);

        await using (var direct = nina.Start("chat", "first", "--create"))
        {
            await direct.WaitForLineAsync("You are in first");
            await using var omarChat = omar.Start("chat", "first");
            await direct.WaitForLineAsync(Time + @"\* omar is new to you \(key [0-9a-f ]+…\)");
            await omarChat.WriteLineAsync("met you directly");
            await direct.WaitForLineAsync(Time + "omar ✓ met you directly$");
            omarChat.CloseInput();
            direct.CloseInput();
            (await omarChat.WaitForExitAsync()).ExitCode.Should().Be(ExitCode.Ok);
            (await direct.WaitForExitAsync()).ExitCode.Should().Be(ExitCode.Ok);
        }

        await using var proxied = nina.Start("chat", "second", "--create", "--relay", _proxy.Uri.ToString());
        await proxied.WaitForLineAsync("You are in second");
        await using var omarAgain = omar.Start("chat", "second");
        await proxied.WaitForLineAsync(Time + @"\* omar joined");
        await omarAgain.WriteLineAsync("same relay, other door");
        await proxied.WaitForLineAsync(Time + "omar ✓ same relay, other door$");

        _proxy.AcceptedConnections.Should().BePositive("nina's second session went through the proxy's port");
        proxied.Output.Should().NotContain(line => line.Contains("is new to you"), "nina met omar on this relay before");
        proxied.Output.Should().NotContain(line => line.Contains("CHANGED"));
        Directory.GetFiles(nina.Home, "known-peers-*.json").Should().ContainSingle("one table per relay, whatever its address");
        omarAgain.CloseInput();
        proxied.CloseInput();
        (await omarAgain.WaitForExitAsync()).ExitCode.Should().Be(ExitCode.Ok);
        (await proxied.WaitForExitAsync()).ExitCode.Should().Be(ExitCode.Ok);
    }

    public ValueTask DisposeAsync() => _proxy.DisposeAsync();
}
