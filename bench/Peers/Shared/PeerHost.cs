using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PyChat.Bench.Peers;

/// <summary>
/// What every .NET peer server shares: the command line (<c>--port N --cert PEM --key PEM</c>), Kestrel
/// bound to 127.0.0.1 only over HTTPS with the benchmark's certificate, no logging on the hot path,
/// and the <c>LISTENING port</c> first line that run-relay-bench.sh waits for.
/// </summary>
internal static class PeerHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var port = int.Parse(Arg(args, "--port", "0"), CultureInfo.InvariantCulture);
        // Linux keeps a PEM-loaded key usable by SslStream without exporting it to a PFX first.
        var certificate = X509Certificate2.CreateFromPemFile(Arg(args, "--cert", null), Arg(args, "--key", null));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(certificate);
            });
        });
        return builder;
    }

    public static async Task RunAsync(WebApplication app, Func<string>? onStop = null)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        Console.WriteLine($"LISTENING {new Uri(address).Port}");
        Console.Out.Flush();
        await app.WaitForShutdownAsync();
        if (onStop is not null)
        {
            await Console.Error.WriteLineAsync(onStop());
        }
    }

    private static string Arg(string[] args, string name, string? fallback)
    {
        var at = Array.IndexOf(args, name);
        if (at >= 0 && at + 1 < args.Length)
        {
            return args[at + 1];
        }

        return fallback ?? throw new ArgumentException($"missing {name}; usage: --cert cert.pem --key key.pem [--port 0]");
    }
}
