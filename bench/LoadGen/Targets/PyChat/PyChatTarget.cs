using PyChat.Client;
using PyChat.Client.Cryptography;

namespace PyChat.Bench.LoadGen.Targets.PyChat;

/// <summary>
/// The PyChat relay through its real protocol: logged-in members with ECDSA P-256 identities in keyed
/// rooms, sending signed and encrypted Chat payloads. <c>pychat</c> prepares every payload before a
/// step's clock starts (<see cref="PreEncryptedClient"/>), which isolates the relay's cost;
/// <c>pychat-e2e</c> runs ClientLib's <see cref="PyChatClient"/> with all cryptography on the clock
/// (<see cref="EndToEndClient"/>), room keys made and delivered by the rooms' hubs.
/// </summary>
internal sealed class PyChatTarget(BenchTargetOptions options, bool endToEnd) : IBenchTarget
{
    private readonly CertificateTrust _trust = new(options.CertificateAuthority);
    private readonly PyChatRoomDirectory _directory = new();

    public string Name => endToEnd ? "pychat-e2e" : "pychat";

    public async Task<IBenchClient> ConnectAsync(int room, int clientId, IPayloadSink sink, CancellationToken cancellationToken = default)
    {
        if (!endToEnd)
        {
            var session = await PyChatSession.OpenAsync(options, _trust, _directory, room, cancellationToken);
            return new PreEncryptedClient(session, _directory.Room(room).Key, _directory, clientId, sink);
        }

        var client = await PyChatClient.ConnectAsync(ClientOptions(options), cancellationToken);
        var identity = IdentityKey.Generate();
        try
        {
            await client.RegisterAsync(_directory.UserName(_directory.NextMember()), identity, cancellationToken);
            var benchRoom = _directory.Room(room);
            ChatRoom chatRoom;
            if (benchRoom.ClaimCreator())
            {
                chatRoom = await client.CreateRoomAsync(benchRoom.Name, cancellationToken);
                benchRoom.Created.TrySetResult();
            }
            else
            {
                await benchRoom.Created.Task.WaitAsync(cancellationToken);
                chatRoom = await client.JoinRoomAsync(benchRoom.Name, cancellationToken);
            }

            await chatRoom.WaitForKeyAsync(cancellationToken);
            return new EndToEndClient(client, chatRoom, identity, sink);
        }
        catch
        {
            await client.DisposeAsync();
            identity.Dispose();
            throw;
        }
    }

    /// <summary>ClientLib's defaults, pinned to the bench CA.</summary>
    public static PyChatClientOptions ClientOptions(BenchTargetOptions options) => PyChatClientOptions.Default with
    {
        RelayUri = options.Url,
        CaCertificate = options.CertificateAuthority,
    };
}
