using PyChat.Relay.Certificates;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Commands;

/// <summary>
/// <c>PyChat.Relay issue-proxy-certificate --host NAME [--host NAME2 …] [--out DIR]</c>: a server certificate for a
/// TLS-terminating proxy (deploy/nginx/terminating.conf) from the relay's own CA, written as proxy.crt and proxy.key
/// into DIR (default: the relay's certificate folder). Every other argument is the usual relay configuration, so the
/// command finds the same CA the running relay uses.
/// </summary>
internal static class IssueProxyCertificateCommand
{
    public const string Name = "issue-proxy-certificate";

    private const string Usage = "usage: issue-proxy-certificate --host NAME [--host NAME2 ...] [--out DIR] [relay configuration, e.g. --Relay:CertificateDirectory DIR]";

    /// <summary>Parses <c>--host</c> and <c>--out</c> out of <paramref name="args"/>; the rest is relay configuration.</summary>
    public static int Run(string[] args)
    {
        var hostNames = new List<string>();
        string? outDirectory = null;
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--host" or "--out")
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"{args[i]} needs a value; {Usage}");
                    return 2;
                }

                if (args[i] == "--host")
                {
                    hostNames.Add(args[++i]);
                }
                else
                {
                    outDirectory = args[++i];
                }
            }
            else
            {
                configuration.Add(args[i]);
            }
        }

        return Run(hostNames, outDirectory, [.. configuration]);
    }

    /// <summary>The command itself, for a dispatcher that parsed the options already.</summary>
    public static int Run(IReadOnlyList<string> hostNames, string? outDirectory, string[] configurationArgs)
    {
        if (hostNames.Count == 0)
        {
            Console.Error.WriteLine($"Name the host names clients dial with --host; {Usage}");
            return 2;
        }

        // Only DNS names and IP addresses: a name becomes the certificate's subject, so nothing that could add to it.
        if (hostNames.FirstOrDefault(n => Uri.CheckHostName(n.Trim()) is UriHostNameType.Unknown or UriHostNameType.Basic) is { } bad)
        {
            Console.Error.WriteLine($"'{bad}' is not a DNS name or an IP address.");
            return 2;
        }

        var builder = RelayApplication.CreateBuilder(configurationArgs);
        var options = RelayApplication.ReadOptions(builder);
        var files = RelayApplication.CertificateFilesOf(builder, options);
        var target = Path.GetFullPath(outDirectory ?? files.Directory);
        var result = ProxyCertificateIssuer.Issue(files, hostNames, target, TimeProvider.System);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"Cannot issue the proxy certificate: {result.Message}");
            return 1;
        }

        Console.WriteLine($"Issued {result.CertificatePath} for {string.Join(", ", hostNames)} (valid until {result.NotAfter.ToUniversalTime():u}) and its key {result.KeyPath}.");
        Console.WriteLine("Give both to the proxy (nginx: ssl_certificate and ssl_certificate_key). Clients keep pinning the relay's ca.crt.");
        return 0;
    }
}
