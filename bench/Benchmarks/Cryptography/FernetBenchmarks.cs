using BenchmarkDotNet.Attributes;
using PyChat.Client.Cryptography;

namespace PyChat.Benchmarks.Cryptography;

/// <summary>Fernet encrypt/decrypt through the public string API and the allocation-free span API.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class FernetBenchmarks : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private FernetKey _key = null!;
    private byte[] _plaintext = null!;
    private string _token = null!;
    private byte[] _tokenAscii = null!;

    [Params(256, 1024, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _key = FernetKey.Generate();
        _plaintext = new byte[Size];
        Random.Shared.NextBytes(_plaintext);
        _token = Fernet.Encrypt(_key, _plaintext, Now);
        _tokenAscii = new byte[Fernet.GetTokenLength(Size)];
    }

    [Benchmark]
    public string Encrypt() => Fernet.Encrypt(_key, _plaintext, Now);

    [Benchmark]
    public int EncryptIntoSpan() => Fernet.Encrypt(_key, _plaintext, Now, _tokenAscii.AsSpan());

    [Benchmark]
    public byte[]? Decrypt()
    {
        Fernet.TryDecrypt(_key, _token, FernetValidation.Default, Now, out byte[]? plaintext, out _);
        return plaintext;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _key.Dispose();
        GC.SuppressFinalize(this);
    }
}
