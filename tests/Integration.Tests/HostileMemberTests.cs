using System.Text;
using FluentAssertions;
using PyChat.Client;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests;

/// <summary>
/// A registered user speaking the protocol by hand (the security review's reproductions): what it sends
/// must not cost honest members their connection or their room.
/// </summary>
[Collection(RelayCollection.Name)]
public sealed class HostileMemberTests(RelayFixture relay)
{
    [Fact]
    public async Task Join_WithAnOffCurveAnnouncement_DoesNotDisturbTheHub()
    {
        var room = relay.UniqueName("offcurve");
        await using var crowd = await Crowd.GatherAsync(relay, room, 2);
        var (hub, other) = (crowd[0], crowd[1]);
        var name = relay.UniqueName("evil");
        using var evil = new TestIdentity(name);
        await using var attacker = await RegisteredAsync(evil);

        var point = new byte[1 + 65];
        point[0] = 0x01;
        point[1] = 0x04;
        point[33] = 1;
        point[65] = 1; // (1, 1): correctly signed, not on P-256
        (await attacker.JoinRoomAsync(room, Signed(evil, room, point))).Should().BeOfType<RoomJoinedFrame>();

        await hub.Events.WaitUntilAsync(
            e => e.OfType<MessageRejected>().Any(r => r.Sender == name && r.Reason == RejectionReason.Malformed), "the off-curve announcement reported");
        await hub.Client.ListRoomsAsync(); // the hub's connection is alive
        await hub.Room.SendAsync("still here");
        await other.Events.WaitForMessageAsync("still here");
        other.Events.Snapshot().OfType<RosterMismatch>().Should().BeEmpty("the hub lists the member it cannot key as withheld");
    }

    [Fact]
    public async Task Join_WithAnOversizedAnnouncement_IsRefused_AndTheMembersKeepTheirConnections()
    {
        var room = relay.UniqueName("bigann");
        await using var crowd = await Crowd.GatherAsync(relay, room, 2);
        using var evil = new TestIdentity(relay.UniqueName("evil"));
        await using var attacker = await RegisteredAsync(evil);

        var answer = await attacker.JoinRoomAsync(room, new byte[65528 - room.Length]);

        answer.Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.InvalidKey);
        await crowd[1].Client.ListRoomsAsync();
        await crowd[1].Room.SendAsync("nothing happened");
        await crowd[0].Events.WaitForMessageAsync("nothing happened");
    }

    [Fact]
    public async Task CreatingRoomsWithoutEnd_IsCutOff_AndListRoomsKeepsWorkingForEveryone()
    {
        using var evil = new TestIdentity(relay.UniqueName("evil"));
        await using var attacker = await RegisteredAsync(evil);
        var refused = 0;
        for (var i = 0; i < 40; i++)
        {
            var name = $"{relay.UniqueName("r")}-{new string('x', 20)}";
            if (await attacker.CreateRoomAsync(name) is ErrorFrame { Code: ErrorCode.TooManyRooms })
            {
                refused++;
            }
        }

        refused.Should().Be(40 - 16);
        await using var honest = await relay.RegisterAsync("h");
        await honest.Client.ListRoomsAsync();
    }

    private async Task<RelayTestClient> RegisteredAsync(TestIdentity identity)
    {
        var client = await RelayTestClient.ConnectAsync(relay.Relay.WebSocketUri, relay.Relay.CaCertificatePath);
        (await client.RegisterAsync(identity)).Should().BeOfType<OkFrame>();
        return client;
    }

    /// <summary>A payload body signed as <paramref name="identity"/> would sign it in <paramref name="room"/> (docs/PROTOCOL.md §6).</summary>
    private static byte[] Signed(TestIdentity identity, string room, byte[] body)
    {
        byte[] transcript = [.. "pychat.v1/payload\0"u8, (byte)room.Length, .. Encoding.ASCII.GetBytes(room), (byte)identity.Name.Length, .. Encoding.ASCII.GetBytes(identity.Name), .. body];
        return [.. body, .. identity.Sign(transcript)];
    }
}
