using PyChat.Client;
using PyChat.Relay;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>A real relay on 127.0.0.1 with its own CA, data and certificate folders, shared by a test class.</summary>
public sealed class RelayFixture : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private RelayHost? _relay;

    public Uri RelayUri => Relay.WebSocketUri;

    public string CaFile => Relay.CaCertificatePath;

    /// <summary>For members joined through ClientLib in-process: timeouts that only bound a hang, as the processes get (<see cref="PychatProcess.Patience"/>).</summary>
    public PyChatClientOptions ClientOptions => PyChatClientOptions.Default with
    {
        RelayUri = RelayUri,
        CaCertificatePath = CaFile,
        ConnectTimeout = PychatProcess.Patience,
        RequestTimeout = PychatProcess.Patience,
    };

    private RelayHost Relay => _relay ?? throw new InvalidOperationException("The relay is not running.");

    /// <summary>A fresh, empty home folder for one person.</summary>
    public string NewHome(string name) => Directory.CreateDirectory(_root.Combine("homes", $"{name}-{Guid.NewGuid():N}")).FullName;

    public string TempPath(string name) => _root.File(name);

    /// <summary>Writes the certificate of a CA that is not this relay's (a wrong --ca), and returns its path.</summary>
    public async Task<string> ForeignCaFileAsync()
    {
        var path = TempPath($"other-ca-{Guid.NewGuid():N}.crt");
        using var other = new TestCertificateAuthority("Not the PyChat relay CA");
        await File.WriteAllTextAsync(path, other.PublicCertificate.ExportCertificatePem());
        return path;
    }

    public async Task InitializeAsync() =>
        _relay = await RelayHost.StartAsync(
        [
            "--urls", "https://127.0.0.1:0",
            "--Relay:DataDirectory", Directory.CreateDirectory(_root.File("data")).FullName,
            "--Relay:CertificateDirectory", Directory.CreateDirectory(_root.File("certs")).FullName,
        ]);

    public async Task DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        _root.Dispose();
    }
}
