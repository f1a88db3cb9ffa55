namespace PyChat.Bench.LoadGen.Targets.PyChat;

/// <summary>
/// The PyChat relay through its real protocol: logged-in members with ECDSA P-256 identities in keyed
/// rooms, sending signed and encrypted Chat payloads. <c>pychat</c> prepares every payload before a
/// step's clock starts (<see cref="PreEncryptedClient"/>), which isolates the relay's cost.
/// </summary>
internal sealed class PyChatTarget(BenchTargetOptions options) : IBenchTarget
{
    private readonly CertificateTrust _trust = new(options.CertificateAuthority);
    private readonly PyChatRoomDirectory _directory = new();

    public string Name => "pychat";

    public async Task<IBenchClient> ConnectAsync(int room, int clientId, IPayloadSink sink, CancellationToken cancellationToken = default)
    {
        var session = await PyChatSession.OpenAsync(options, _trust, _directory, room, cancellationToken);
        return new PreEncryptedClient(session, _directory.Room(room).Key, _directory, clientId, sink);
    }
}
