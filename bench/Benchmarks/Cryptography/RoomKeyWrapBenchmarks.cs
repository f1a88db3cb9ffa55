using BenchmarkDotNet.Attributes;
using PyChat.Client.Cryptography;

namespace PyChat.Benchmarks.Cryptography;

/// <summary>ECDH P-256 + HKDF-SHA256 + Fernet, per member, on each side.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RoomKeyWrapBenchmarks : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private IdentityKey _hubIdentity = null!;
    private IdentityKey _memberIdentity = null!;
    private EphemeralKeyPair _hub = null!;
    private EphemeralKeyPair _member = null!;
    private FernetKey _roomKey = null!;
    private RoomKeyWrapContext _context = null!;
    private byte[] _wrapped = null!;

    [GlobalSetup]
    public void Setup()
    {
        _hubIdentity = IdentityKey.Generate();
        _memberIdentity = IdentityKey.Generate();
        _hub = EphemeralKeyPair.Generate();
        _member = EphemeralKeyPair.Generate();
        _roomKey = FernetKey.Generate();
        _context = new RoomKeyWrapContext("general", 1, _hubIdentity.PublicKey, _memberIdentity.PublicKey);
        _wrapped = RoomKeyWrap.Wrap(_roomKey, _hub, _member.PublicKey.Span, _context, Now);
    }

    [Benchmark]
    public byte[] Wrap() => RoomKeyWrap.Wrap(_roomKey, _hub, _member.PublicKey.Span, _context, Now);

    [Benchmark]
    public bool Unwrap()
    {
        bool ok = RoomKeyWrap.TryUnwrap(_wrapped, _member, _hub.PublicKey.Span, _context, Now, out FernetKey? key);
        key?.Dispose();
        return ok;
    }

    [Benchmark]
    public void GenerateEphemeralKeyPair() => EphemeralKeyPair.Generate().Dispose();

    [GlobalCleanup]
    public void Dispose()
    {
        _hubIdentity.Dispose();
        _memberIdentity.Dispose();
        _hub.Dispose();
        _member.Dispose();
        _roomKey.Dispose();
        GC.SuppressFinalize(this);
    }
}
