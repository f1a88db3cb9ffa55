using System.Security.Cryptography.X509Certificates;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests.Support;

/// <summary>Plain HTTP requests to a relay: over TLS trusting only its CA (as its clients do), or plain to a management port.</summary>
public sealed class RelayHttp : IDisposable
{
    /// <summary>A guard against a hang, never a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly X509Certificate2 _authority;
    private readonly HttpClient _client;

    public RelayHttp(string caCertificatePath)
    {
        _authority = X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);
        _client = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => RelayTestClient.IsPinned(_authority, certificate, errors),
        })
        {
            Timeout = Patience,
        };
    }

    /// <summary>https:// for the relay's WebSocket address (wss://), the address itself for anything else.</summary>
    public static Uri At(Uri relay, string path) =>
        new UriBuilder(relay) { Scheme = relay.Scheme is "wss" or "https" ? "https" : "http", Path = path }.Uri;

    public async Task<(int Status, string Body)> GetAsync(Uri uri, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await _client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary><c>/metrics</c> parsed, once <paramref name="until"/> holds for it (the exporter caches an answer briefly, and the relay counts a frame just after sending it).</summary>
    public async Task<PrometheusScrape> ScrapeAsync(Uri metrics, Func<PrometheusScrape, bool> until)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            var (status, body) = await GetAsync(metrics);
            if (status != 200)
            {
                throw new InvalidOperationException($"/metrics answered {status}: {body}");
            }

            var scrape = PrometheusScrape.Parse(body);
            if (until(scrape) || patience.IsCancellationRequested)
            {
                return scrape; // past the patience the caller's assertions say what is missing
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _authority.Dispose();
    }
}
