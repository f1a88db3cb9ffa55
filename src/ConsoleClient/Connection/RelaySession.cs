using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Commands;
using PyChat.ConsoleClient.Configuration;
using PyChat.Protocol;

namespace PyChat.ConsoleClient.Connection;

/// <summary>
/// A logged-in connection to the relay and the identity it is logged in with. Everything that talks to the
/// relay goes through ClientLib's <see cref="PyChatClient"/>; this class only adds the home folder's
/// known-peers file and turns refusals that need the room's name into clear messages.
/// </summary>
internal sealed class RelaySession : IAsyncDisposable
{
    private readonly IdentityKey _identity;

    private RelaySession(PyChatClient client, IdentityKey identity, string user, IKnownPeers knownPeers)
    {
        Client = client;
        _identity = identity;
        User = user;
        KnownPeers = knownPeers;
        Connection = new ConnectionFeed(client.ReadConnectionEventsAsync(), () => client.ConnectionState == ConnectionState.Closed);
    }

    public PyChatClient Client { get; }

    public string User { get; }

    public IKnownPeers KnownPeers { get; }

    /// <summary>What happens to the connection (lost, reconnecting, back, closed), for the room view that is open.</summary>
    public ConnectionFeed Connection { get; }

    public IdentityPublicKey PublicKey => _identity.PublicKey;

    /// <summary>Connects (the relay's certificate must chain to the pinned CA) without logging in.</summary>
    public static async Task<RelaySession> ConnectAsync(ClientSettings settings, IdentityKey identity, string user, CancellationToken cancellationToken)
    {
        var options = ClientOptions(settings);
        var knownPeers = OpenKnownPeers(settings.Home.AdoptKnownPeersFile(options.RelayUri, PinnedRelayId.Of(options.CaCertificatePath!)));
        var client = await PyChatClient.ConnectAsync(options with { KnownPeers = knownPeers }, cancellationToken);
        return new RelaySession(client, identity, user, knownPeers);
    }

    /// <summary>Connects and disconnects: the relay is reachable and its certificate chains to the pinned CA.</summary>
    public static async Task ProbeAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        await using var client = await PyChatClient.ConnectAsync(ClientOptions(settings), cancellationToken);
    }

    private static PyChatClientOptions ClientOptions(ClientSettings settings)
    {
        var caFile = settings.RequireCaFile();
        if (!File.Exists(caFile))
        {
            throw new CommandFailedException(ExitCode.CertificateNotTrusted, $"The CA certificate {caFile} does not exist.");
        }

        return PyChatClientOptions.Default with
        {
            RelayUri = settings.RequireRelay(),
            CaCertificatePath = caFile,
            ConnectTimeout = settings.Timeout,
            RequestTimeout = settings.Timeout,
        };
    }

    /// <summary>Connects and logs in as the configured user with <paramref name="identity"/>.</summary>
    public static async Task<RelaySession> LoginAsync(ClientSettings settings, IdentityKey identity, CancellationToken cancellationToken)
    {
        var session = await ConnectAsync(settings, identity, settings.RequireUser(), cancellationToken);
        try
        {
            await session.LoginAsync(cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async Task LoginAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.LoginAsync(User, _identity, cancellationToken);
        }
        catch (PyChatRelayException e) when (e.Code == ErrorCode.AuthenticationFailed)
        {
            throw new CommandFailedException(ExitCode.AuthenticationFailed,
                $"The relay refused the login as '{User}': the name is not registered there, or with another key.");
        }
    }

    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.RegisterAsync(User, _identity, cancellationToken);
        }
        catch (PyChatRelayException e) when (e.Code == ErrorCode.NameTaken)
        {
            throw new CommandFailedException(ExitCode.NameTaken, $"The user name '{User}' is taken on this relay. Choose another.");
        }
    }

    /// <summary>
    /// Joins <paramref name="room"/>; with <paramref name="create"/>, creates it when no active room has that
    /// name (and joins after all if someone else created it at the same moment).
    /// </summary>
    public async Task<IChatRoom> EnterAsync(string room, bool create, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                return Wrap(await Client.JoinRoomAsync(room, cancellationToken));
            }
            catch (PyChatRelayException e) when (e.Code == ErrorCode.UnknownRoom && create)
            {
                try
                {
                    return Wrap(await Client.CreateRoomAsync(room, cancellationToken));
                }
                catch (PyChatRelayException raced) when (raced.Code == ErrorCode.RoomExists)
                {
                    return Wrap(await Client.JoinRoomAsync(room, cancellationToken));
                }
            }
        }
        catch (PyChatRelayException e)
        {
            throw RoomRefusal(room, e);
        }
    }

    /// <summary>Creates <paramref name="room"/>; this user becomes its key hub.</summary>
    public async Task<IChatRoom> CreateAsync(string room, CancellationToken cancellationToken)
    {
        try
        {
            return Wrap(await Client.CreateRoomAsync(room, cancellationToken));
        }
        catch (PyChatRelayException e)
        {
            throw RoomRefusal(room, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync(); // ends the client's connection events, and with them the feed's reading
        await Connection.DisposeAsync();
        _identity.Dispose();
    }

    private ClientRoom Wrap(ChatRoom room) => new(room, User, KnownPeers, Connection);

    private static CommandFailedException RoomRefusal(string room, PyChatRelayException e) => e.Code switch
    {
        ErrorCode.RoomFull => new(ExitCode.RoomFull, $"Room '{room}' is full ({ProtocolLimits.RoomCapacity} members)."),
        ErrorCode.UnknownRoom => new(ExitCode.UnknownRoom, $"No active room is called '{room}'. Create it with --create, or list rooms with 'pychat rooms'."),
        ErrorCode.RoomExists => new(ExitCode.RoomExists, $"A room called '{room}' exists already. Join it instead."),
        ErrorCode.AlreadyMember => new(ExitCode.Other, $"You are in '{room}' already."),
        _ => new(ExitCode.Other, e.Message),
    };

    private static KnownPeersFile OpenKnownPeers(string path)
    {
        try
        {
            return new KnownPeersFile(path);
        }
        catch (InvalidDataException e)
        {
            throw new CommandFailedException(ExitCode.Other, $"{e.Message}. Fix or remove it (you will have to trust everyone's keys again).");
        }
    }
}
