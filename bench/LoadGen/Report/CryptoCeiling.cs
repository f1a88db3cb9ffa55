namespace PyChat.Bench.LoadGen.Report;

/// <summary>What <c>openssl speed ecdsap256</c> measured in the same run: P-256 verifies per second on one core (CPU time).</summary>
internal sealed record CryptoCeiling(double VerifiesPerSecond, double SignsPerSecond, string Command);
