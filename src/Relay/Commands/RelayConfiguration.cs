using PyChat.Relay.Certificates;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Commands;

/// <summary>
/// The relay's configuration as the running relay reads it (appsettings.json, environment, the command's
/// configuration arguments), so a command works on the same folders.
/// </summary>
internal sealed class RelayConfiguration
{
    private RelayConfiguration(RelayOptions options, IRelayPaths paths, CertificateFiles certificateFiles)
    {
        Options = options;
        Paths = paths;
        CertificateFiles = certificateFiles;
    }

    public RelayOptions Options { get; }

    public IRelayPaths Paths { get; }

    public CertificateFiles CertificateFiles { get; }

    /// <summary>The full path of <c>Relay:DataDirectory</c>, where relay.db and rooms.db live.</summary>
    public string DataDirectory => Paths.Resolve(Options.DataDirectory);

    public static RelayConfiguration Read(string[] configuration)
    {
        var builder = RelayApplication.CreateBuilder(configuration);
        var options = RelayApplication.ReadOptions(builder);
        return new RelayConfiguration(options, new ContentRootPaths(builder.Environment), RelayApplication.CertificateFilesOf(builder, options));
    }
}
