using System.Security.Cryptography.X509Certificates;

namespace PyChat.Bench.LoadGen.Targets;

/// <summary>
/// How to reach a target: its base URL and the CA its TLS certificate chains to. <see cref="Others"/> are more nodes of
/// the same target (a relay cluster, <c>--url A,B</c>): <see cref="NextUrl"/> spreads connections over all of them in turn.
/// </summary>
internal sealed record BenchTargetOptions(Uri Url, X509Certificate2 CertificateAuthority)
{
    private int _next = -1;

    public IReadOnlyList<Uri> Others { get; init; } = [];

    /// <summary>The URL for the next connection: <see cref="Url"/>, then each of <see cref="Others"/>, round and round.</summary>
    public Uri NextUrl()
    {
        var at = Interlocked.Increment(ref _next) % (Others.Count + 1);
        return at == 0 ? Url : Others[at - 1];
    }

    /// <summary>From <c>--url</c>: one URL, or several separated by commas.</summary>
    public static BenchTargetOptions Parse(string urls, X509Certificate2 authority)
    {
        var all = urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToArray();
        return new BenchTargetOptions(all[0], authority) { Others = all[1..] };
    }
}
