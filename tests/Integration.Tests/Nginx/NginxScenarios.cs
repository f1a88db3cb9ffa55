using System.Net;
using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol;
using PyChat.TestSupport.Network;

namespace PyChat.Integration.Tests.Nginx;

/// <summary>What every shipped nginx configuration must carry; each configuration's test class runs these.</summary>
internal static class NginxScenarios
{
    /// <summary>Longer than either configuration's idle timeout (checked), so only keep-alive pings can carry a connection through it.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);

    public static async Task ConversationGoesOnAfterIdleOnTheSameConnectionsAsync(NginxFrontedRelay relay)
    {
        relay.IdleTimeout.Should().BeLessThan(Idle, "the idle period must outlast nginx's timeout, or it proves nothing");
        await using var crowd = await Crowd.GatherAsync(() => relay.RegisterAsync("talker"), relay.UniqueName("through-nginx"), 2);
        var (alice, bob) = (crowd[0], crowd[1]);
        await using var aliceConnection = new ConnectionEventLog(alice.Client);
        await using var bobConnection = new ConnectionEventLog(bob.Client);

        await alice.Room.SendAsync("hello through nginx");
        await bob.Events.WaitForMessageAsync("hello through nginx");
        await bob.Room.SendAsync("hello back");
        await alice.Events.WaitForMessageAsync("hello back");
        await Task.Delay(Idle);
        await alice.Room.SendAsync("still here after two minutes");
        await bob.Events.WaitForMessageAsync("still here after two minutes");

        bob.Events.Messages().Select(m => (m.Sender, m.Text)).Should().Equal((alice.Name, "hello through nginx"), (alice.Name, "still here after two minutes"));
        alice.Events.Messages().Select(m => (m.Sender, m.Text)).Should().Equal((bob.Name, "hello back"));
        bob.Events.Snapshot().OfType<MessageRejected>().Should().BeEmpty();
        alice.Events.Snapshot().OfType<MessageRejected>().Should().BeEmpty();
        aliceConnection.Snapshot().Should().BeEmpty("the pings kept nginx from closing the idle connection, so nothing was lost or reconnected");
        bobConnection.Snapshot().Should().BeEmpty();
    }

    /// <summary>
    /// One client (from 127.0.0.2) guesses at a user's key until its address is RateLimited; the user, from 127.0.0.3
    /// through the same nginx, still logs in: the relay counts the client's address, not nginx's.
    /// </summary>
    public static async Task FailedLoginsLimitOnlyTheClientThatMadeThemAsync(NginxFrontedRelay relay)
    {
        await using var guesserNetwork = new TcpProxy(() => relay.WebSocketUri, IPAddress.Parse("127.0.0.2"));
        await using var ownerNetwork = new TcpProxy(() => relay.WebSocketUri, IPAddress.Parse("127.0.0.3"));
        var guesses = relay.Options with { RelayUri = guesserNetwork.Uri };
        var owners = relay.Options with { RelayUri = ownerNetwork.Uri };
        var name = relay.UniqueName("owner");
        using var identity = IdentityKey.Generate();
        using var wrongKey = IdentityKey.Generate();
        await using (var registering = await PyChatClient.ConnectAsync(owners))
        {
            await registering.RegisterAsync(name, identity);
        }

        var refusal = ErrorCode.AuthenticationFailed;
        for (var failures = 0; refusal != ErrorCode.RateLimited; failures += 2)
        {
            failures.Should().BeLessThan(50, "failed logins from one address are rate limited (Relay:FailedLoginsPerAddressAndUser)");
            await using var guesser = await PyChatClient.ConnectAsync(guesses);
            for (var i = 0; i < 2 && refusal != ErrorCode.RateLimited; i++)
            {
                refusal = await RefusalAsync(guesser, name, wrongKey);
                refusal.Should().BeOneOf(ErrorCode.AuthenticationFailed, ErrorCode.RateLimited);
            }
        }

        await using (var limited = await PyChatClient.ConnectAsync(guesses))
        {
            (await RefusalAsync(limited, name, identity)).Should().Be(ErrorCode.RateLimited, "the guessing address is limited even with the right key");
        }

        await using var owner = await PyChatClient.ConnectAsync(owners);
        var login = () => owner.LoginAsync(name, identity);
        await login.Should().NotThrowAsync("the owner is at another address behind the same nginx, which guessed nothing");
    }

    private static async Task<ErrorCode> RefusalAsync(PyChatClient client, string name, IdentityKey identity)
    {
        var login = () => client.LoginAsync(name, identity);
        return (await login.Should().ThrowAsync<PyChatRelayException>()).Which.Code;
    }
}
