using PyChat.Client;
using PyChat.Relay;

namespace PyChat.Integration.Tests.Support;

/// <summary>
/// One real relay (Kestrel on 127.0.0.1:0, its own CA and certificate, SQLite registry in a temp folder)
/// shared by every integration test. Tests keep apart by using fresh user and room names.
/// </summary>
public sealed class RelayFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("pychat-it-");
    private int _names;

    public RelayHost Relay { get; private set; } = null!;

    /// <summary>The relay's SQLite registry, for tests that play an operator editing it in place.</summary>
    public string DatabasePath => Path.Combine(_root.FullName, "data", "relay.db");

    public PyChatClientOptions Options => PyChatClientOptions.Default with
    {
        RelayUri = Relay.WebSocketUri,
        CaCertificatePath = Relay.CaCertificatePath,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    public async Task InitializeAsync()
    {
        var data = _root.CreateSubdirectory("data").FullName;
        var certs = _root.CreateSubdirectory("certs").FullName;
        // Every test registers its users from 127.0.0.1 on this one relay: lift the per-address registration and connection limits.
        Relay = await RelayHost.StartAsync(
            ["--urls", "https://127.0.0.1:0", "--Relay:DataDirectory", data, "--Relay:CertificateDirectory", certs, "--Logging:LogLevel:Default", "Warning",
             "--Relay:RegistrationsPerAddress", "100000", "--Relay:MaxConnectionsPerAddress", "0"]);
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        _root.Delete(recursive: true);
    }

    /// <summary>A name no other test uses: <paramref name="prefix"/> and a counter.</summary>
    public string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}";

    /// <summary>Connects and registers a fresh user; dispose the result to disconnect.</summary>
    public Task<Member> RegisterAsync(string prefix, PyChatClientOptions? options = null) =>
        Member.RegisterAsync(UniqueName(prefix), options ?? Options);
}

[CollectionDefinition(Name)]
public sealed class RelayCollection : ICollectionFixture<RelayFixture>
{
    public const string Name = "relay";
}
