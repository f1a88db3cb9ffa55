using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Integration.Tests.Support;

/// <summary>
/// A relay process of the test's own, in a folder of its own, for tests that stop, kill, freeze and restart it; the
/// members registered with it are disposed before it. Any number of users may come from one address.
/// </summary>
internal sealed class OwnRelayProcess : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly List<IAsyncDisposable> _members = [];

    public RelayProcess Process { get; private set; } = null!;

    public async Task StartAsync() =>
        Process = await RelayProcess.StartAsync(_folder, 4096, "--Relay:RegistrationsPerAddress", "1000", "--Relay:MaxConnectionsPerAddress", "0");

    /// <summary>Disposed with the relay, before it.</summary>
    public T Add<T>(T member)
        where T : IAsyncDisposable
    {
        _members.Add(member);
        return member;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }

        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        _folder.Dispose();
    }
}
