using System.Buffers.Text;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using PyChat.Client.Cryptography.Internal;

namespace PyChat.Benchmarks.Cryptography;

/// <summary>
/// The steps of one Fernet token in isolation (profile for bench/README.md): IV randomness, AES-CBC
/// through the one-shot API versus the reusable transforms Fernet now keeps, HMAC-SHA256 with a
/// kept context, base64url. Sizes are the raw token (plaintext + padding + 57 bytes of framing).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class FernetStepBenchmarks : IDisposable
{
    private readonly byte[] _iv = new byte[16];
    private readonly byte[] _mac = new byte[32];
    private Aes _aes = null!;
    private FernetCipher _cipher = null!;
    private byte[] _plaintext = null!;
    private byte[] _ciphertext = null!;
    private byte[] _buffer = null!;
    private byte[] _ivAndCiphertext = null!;
    private byte[] _raw = null!;
    private byte[] _ascii = null!;
    private int _asciiLength;

    [Params(1024, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] key = RandomNumberGenerator.GetBytes(16);
        _aes = Aes.Create();
        _aes.Key = key;
        _cipher = new FernetCipher(key, key);
        _plaintext = RandomNumberGenerator.GetBytes(Size);
        int ciphertextLength = (Size / 16 * 16) + 16;
        _ciphertext = new byte[ciphertextLength];
        _aes.EncryptCbc(_plaintext, _iv, _ciphertext, PaddingMode.PKCS7);
        _buffer = new byte[16 + ciphertextLength];
        _ivAndCiphertext = [.. _iv, .. _ciphertext];
        _raw = RandomNumberGenerator.GetBytes(57 + ciphertextLength);
        _ascii = new byte[Base64Url.GetEncodedLength(_raw.Length) + 3];
        _asciiLength = Base64Url.EncodeToUtf8(_raw, _ascii);
    }

    [Benchmark]
    public void IvFromRandomNumberGenerator() => RandomNumberGenerator.Fill(_iv);

    [Benchmark]
    public void IvFromBufferedRandom() => FernetRandom.Fill(_iv);

    [Benchmark]
    public int AesEncryptCbcOneShot() => _aes.EncryptCbc(_plaintext, _iv, _ciphertext, PaddingMode.PKCS7);

    [Benchmark]
    public void AesEncryptCbcReusedTransform()
    {
        _plaintext.CopyTo(_buffer, 16);
        _cipher.EncryptCbcInPlace(_buffer, 16, _ciphertext.Length, _iv);
    }

    [Benchmark]
    public int AesDecryptCbcOneShot() => _aes.DecryptCbc(_ciphertext, _iv, _buffer, PaddingMode.PKCS7);

    /// <summary>Includes what Fernet's decrypt does around it: the exact-size result array and the padding check.</summary>
    [Benchmark]
    public void AesDecryptCbcReusedTransform()
    {
        _cipher.TryDecryptCbcPkcs7(_ivAndCiphertext, 16, _ciphertext.Length, out _);
    }

    [Benchmark]
    public void HmacSha256KeptContext() => _cipher.ComputeMac(_raw.AsSpan(0, _raw.Length - 32), _mac);

    [Benchmark]
    public int HmacSha256OneShot() => HMACSHA256.HashData(_iv, _raw.AsSpan(0, _raw.Length - 32), _mac);

    [Benchmark]
    public int Base64UrlEncode() => Base64Url.EncodeToUtf8(_raw, _ascii);

    [Benchmark]
    public int Base64UrlDecode() => Base64Url.DecodeFromUtf8(_ascii.AsSpan(0, _asciiLength), _raw);

    [GlobalCleanup]
    public void Dispose()
    {
        _aes.Dispose();
        _cipher.Dispose();
        GC.SuppressFinalize(this);
    }
}
