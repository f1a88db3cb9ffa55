using FluentAssertions;
using Microsoft.Data.Sqlite;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol.Frames;

namespace PyChat.Integration.Tests;

/// <summary>
/// The relay's operator swaps a user's registered identity key for its own, logs in as that user and joins a
/// room: the members who knew the real key give the impostor nothing until their user decides otherwise.
/// </summary>
[Collection(RelayCollection.Name)]
public sealed class KeySubstitutionTests(RelayFixture relay)
{
    [Fact]
    public async Task OperatorReplacingBobsRegisteredKey_GetsNoRoomKey_AndReadsNothing_UntilAliceTrustsIt()
    {
        var room = relay.UniqueName("swap");
        await using var alice = await (await relay.RegisterAsync("alice")).CreateAsync(room);
        var bobName = await MeetAndLeaveAsync(alice, room);
        await using var carol = await (await relay.RegisterAsync("carol")).JoinAsync(room); // never met bob
        await carol.Room.WaitForKeyAsync();

        // The operator edits the registry in place and logs in as bob with a key of its own.
        using var operatorKey = IdentityKey.Generate();
        await ReplaceRegisteredKeyAsync(bobName, operatorKey.PublicKey.SubjectPublicKeyInfo);
        var tap = new RecordingFrameTap();
        await using var impostorClient = await PyChatClient.ConnectAsync(relay.Options with { FrameTap = tap });
        await impostorClient.LoginAsync(bobName, operatorKey);
        await using var impostor = await impostorClient.JoinRoomAsync(room);
        await using var impostorEvents = new RoomEventLog(impostor);

        await alice.Events.WaitUntilAsync(e => e.OfType<SendsHeld>().Any(h => h.Member == bobName), "alice holding her sends");
        alice.Events.Snapshot().OfType<PeerKeyChanged>().Should().ContainSingle(c => c.Member == bobName);
        var rekeyAfterJoin = await RekeyReceivedAsync(tap, alice.Name, rekey => rekey.KeyFor(bobName) is not null);
        rekeyAfterJoin.KeyFor(bobName)!.WrappedKey.IsEmpty.Should().BeTrue("alice lists the impostor as withheld");
        await impostorClient.ListRoomsAsync(); // answered after the Rekey: the impostor's room has handled it
        impostor.HasKey.Should().BeFalse();
        alice.Room.SendsHeldBy.Should().Equal(bobName);
        await alice.Room.Awaiting(r => r.SendAsync("for bob's eyes only")).Should().ThrowAsync<PyChatSendsHeldException>()
            .Where(e => e.Members.SequenceEqual(new[] { bobName }));

        // carol, who never knew bob's key, may send; what she sends is under a key the impostor does not have.
        await carol.Events.WaitUntilAsync(_ => carol.Room.Epoch == alice.Room.Epoch, "carol holding alice's latest key");
        await carol.Room.SendAsync("hello, all");
        await impostorEvents.WaitUntilAsync(
            e => e.OfType<MessageRejected>().Any(r => r.Sender == carol.Name && r.Reason == RejectionReason.KeyNotReceived), "carol's message failing to open");
        impostorEvents.Messages().Should().BeEmpty();

        // Alice decides to trust the new key (her choice): she rekeys with it, and the member reads from then on.
        await alice.Room.TrustAsync(bobName);
        using var deadline = new CancellationTokenSource(RoomEventLog.Patience);
        await impostor.WaitForKeyAsync(deadline.Token);
        await alice.Room.SendAsync("welcome, new device");
        await impostorEvents.WaitForMessageAsync("welcome, new device");
        impostorEvents.Messages().Select(m => m.Text).Should().Equal("welcome, new device");
        alice.Events.Snapshot().OfType<SendsResumed>().Should().ContainSingle();
    }

    /// <summary>The real bob joins alice's room (she remembers his key on first use) and leaves again.</summary>
    private async Task<string> MeetAndLeaveAsync(Member alice, string room)
    {
        await using var bob = await (await relay.RegisterAsync("bob")).JoinAsync(room);
        await bob.Room.WaitForKeyAsync();
        await alice.Events.WaitUntilAsync(e => e.OfType<PeerFirstSeen>().Any(f => f.Member == bob.Name), "alice meeting bob");
        await bob.Room.LeaveAsync();
        await alice.Events.WaitUntilAsync(e => e.OfType<MemberLeft>().Any(l => l.Member == bob.Name), "bob leaving");
        return bob.Name;
    }

    private async Task ReplaceRegisteredKeyAsync(string user, ReadOnlyMemory<byte> spki)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = relay.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE users SET spki = $spki WHERE name = $name";
        command.Parameters.Add("$spki", SqliteType.Blob).Value = spki.ToArray();
        command.Parameters.AddWithValue("$name", user);
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }

    /// <summary>Waits for a Rekey from <paramref name="hub"/> that the client received and that matches.</summary>
    private static async Task<RekeyPayload> RekeyReceivedAsync(RecordingFrameTap tap, string hub, Func<RekeyPayload, bool> match)
    {
        var deadline = DateTime.UtcNow + RoomEventLog.Patience;
        while (true)
        {
            foreach (var (deliver, _) in tap.Received<DeliverFrame>())
            {
                if (deliver.Sender == hub && RekeyPayload.TryDecode(deliver.Payload, out var rekey) && match(rekey))
                {
                    return rekey;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no Rekey from {hub} reached the client");
            }

            await Task.Delay(20);
        }
    }
}
