using BenchmarkDotNet.Attributes;
using PyChat.Client.Cryptography;

namespace PyChat.Benchmarks.Cryptography;

/// <summary>ECDSA P-256 / SHA-256 sign and verify of a 256-byte message.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class IdentityKeyBenchmarks : IDisposable
{
    private readonly byte[] _data = new byte[256];
    private readonly byte[] _signature = new byte[IdentityKey.SignatureSize];
    private IdentityKey _key = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = IdentityKey.Generate();
        _key.Sign(_data, _signature);
    }

    [Benchmark]
    public void Sign() => _key.Sign(_data, _signature);

    [Benchmark]
    public bool Verify() => _key.PublicKey.Verify(_data, _signature);

    [GlobalCleanup]
    public void Dispose()
    {
        _key.Dispose();
        GC.SuppressFinalize(this);
    }
}
