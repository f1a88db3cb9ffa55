using System.Security.Cryptography.X509Certificates;

namespace PyChat.Bench.LoadGen.Targets;

/// <summary>How to reach a target: its base URL and the CA its TLS certificate chains to.</summary>
internal sealed record BenchTargetOptions(Uri Url, X509Certificate2 CertificateAuthority);
