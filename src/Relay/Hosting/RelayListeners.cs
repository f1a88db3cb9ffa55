using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using PyChat.Relay.Observability;

namespace PyChat.Relay.Hosting;

/// <summary>
/// Kestrel's listeners. The public ones (<c>Urls</c>, as ASP.NET Core reads it) go through the connection middleware
/// the caller gives (PROXY protocol, per-address cap), then TLS for https. The management ones
/// (<c>Relay:ManagementUrls</c>) have a pipeline of their own: no PROXY header, no per-address cap (a scraper must get
/// in when clients fill the cap), marked <see cref="ManagementConnection"/> so the health and metrics endpoints answer
/// there only. Kestrel binds either the <c>Urls</c> setting or endpoints made in code, never both, so the public URLs
/// are bound here too, the way Kestrel binds <c>Urls</c> itself.
/// </summary>
internal sealed class RelayListeners
{
    private readonly BindingAddress[] _public;
    private readonly BindingAddress[] _management;
    private readonly List<(BindingAddress Address, ListenOptions Listen)> _managementBound = [];

    private RelayListeners(BindingAddress[] publicAddresses, BindingAddress[] management, IReadOnlyList<string> publicUrls, IReadOnlyList<string> managementUrls)
    {
        _public = publicAddresses;
        _management = management;
        PublicUrls = publicUrls;
        ManagementUrls = managementUrls;
    }

    public IReadOnlyList<string> PublicUrls { get; }

    public IReadOnlyList<string> ManagementUrls { get; }

    public bool HasManagement => _management.Length > 0;

    /// <summary>Reads both lists: <c>Urls</c> (default <see cref="RelayApplication.DefaultUrls"/>) and <c>Relay:ManagementUrls</c>.</summary>
    public static RelayListeners Read(IConfiguration configuration, RelayOptions options)
    {
        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            // Kestrel would bind them beside these, without the PROXY protocol and the per-address cap.
            throw new RelayStartupException("Kestrel:Endpoints is not supported: give the relay's addresses in Urls (and Relay:ManagementUrls)");
        }

        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        var publicUrls = Split(string.IsNullOrWhiteSpace(urls) ? RelayApplication.DefaultUrls : urls);
        var managementUrls = Split(options.ManagementUrls ?? string.Empty);
        var publicAddresses = Parse(publicUrls, "Urls");
        var management = Parse(managementUrls, "Relay:ManagementUrls");
        foreach (var address in management)
        {
            if (!address.IsUnixPipe && address.Port != 0 && Array.Exists(publicAddresses, p => !p.IsUnixPipe && p.Port == address.Port))
            {
                throw new RelayStartupException($"Relay:ManagementUrls: {address} shares its port with Urls; give it a port of its own");
            }
        }

        return new RelayListeners(publicAddresses, management, publicUrls, managementUrls);
    }

    /// <summary>Adds every listener; call from ConfigureKestrel after the endpoint and HTTPS defaults are set.</summary>
    public void Listen(KestrelServerOptions kestrel, Action<ListenOptions> configurePublic)
    {
        _managementBound.Clear();
        foreach (var address in _public)
        {
            Listen(kestrel, address, configurePublic);
        }

        foreach (var address in _management)
        {
            Listen(kestrel, address, listen =>
            {
                listen.Use(ManagementConnection.Mark);
                _managementBound.Add((address, listen));
            });
        }
    }

    /// <summary>The management endpoints as bound (with the port Kestrel chose for port 0), once the relay started.</summary>
    public IReadOnlyList<Uri> ManagementUris()
    {
        var uris = new List<Uri>();
        foreach (var (address, listen) in _managementBound)
        {
            uris.Add(listen.IPEndPoint is { } endPoint
                ? new UriBuilder(address.Scheme, endPoint.Address.ToString(), endPoint.Port).Uri
                : new Uri(address.ToString()));
        }

        return uris;
    }

    /// <summary>True for an address Kestrel reports that is one of the management listeners.</summary>
    public bool IsManagement(Uri address)
    {
        foreach (var (_, listen) in _managementBound)
        {
            if (listen.IPEndPoint?.Port == address.Port)
            {
                return true;
            }
        }

        return false;
    }

    private static void Listen(KestrelServerOptions kestrel, BindingAddress address, Action<ListenOptions> configure)
    {
        var https = address.Scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
        void Configure(ListenOptions listen)
        {
            configure(listen); // connection middleware first: it runs before TLS
            if (https)
            {
                listen.UseHttps();
            }
        }

        // As Kestrel binds Urls: localhost is both loopbacks, an IP address is itself, any other host name is every address.
        if (address.IsUnixPipe)
        {
            kestrel.ListenUnixSocket(address.UnixPipePath, Configure);
        }
        else if (address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else if (IPAddress.TryParse(address.Host, out var ip))
        {
            kestrel.Listen(ip, address.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(address.Port, Configure);
        }
    }

    private static string[] Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static BindingAddress[] Parse(IReadOnlyList<string> urls, string setting)
    {
        var addresses = new BindingAddress[urls.Count];
        for (var i = 0; i < urls.Count; i++)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(urls[i]);
            }
            catch (FormatException e)
            {
                throw new RelayStartupException($"{setting}: {urls[i]} is not an address to listen on: {e.Message}", e);
            }

            if (!address.Scheme.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && !address.Scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                throw new RelayStartupException($"{setting}: {urls[i]} is neither http:// nor https://");
            }

            if (!string.IsNullOrEmpty(address.PathBase))
            {
                throw new RelayStartupException($"{setting}: {urls[i]} has a path; give the address alone");
            }

            addresses[i] = address;
        }

        return addresses;
    }
}
