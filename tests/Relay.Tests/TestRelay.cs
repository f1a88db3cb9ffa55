using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PyChat.Protocol.Frames;
using PyChat.Relay;
using PyChat.Relay.Tests.Connections;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Relay.Tests;

/// <summary>A real relay (Kestrel, TLS, SQLite) on 127.0.0.1:0 in a temp folder, plus helpers to get logged-in clients.</summary>
internal sealed class TestRelay : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private readonly List<RelayTestClient> _clients = [];
    private readonly List<TestIdentity> _identities;
    private bool _handedOver;

    private TestRelay(TempDirectory folder, RelayHost host, FakeTimeProvider? time, List<TestIdentity>? identities = null)
    {
        _folder = folder;
        Host = host;
        Time = time;
        _identities = identities ?? [];
    }

    public RelayHost Host { get; }

    /// <summary>The relay's clock, when the test fakes it.</summary>
    public FakeTimeProvider? Time { get; }

    public string CertificateDirectory => _folder.Combine("certs");

    public static string[] Arguments(TempDirectory folder, params string[] extra) => RelayProcess.Arguments(folder, extra);

    public static Task<TestRelay> StartAsync(FakeTimeProvider? time = null, params string[] extra) =>
        StartAsync(time, configureServices: null, extra);

    /// <summary>As above, with every line the relay logs past its filters recorded in <paramref name="log"/>.</summary>
    public static Task<TestRelay> StartRecordingLogAsync(RecordingLoggerProvider log, params string[] extra) =>
        StartAsync(null, services => services.AddSingleton<ILoggerProvider>(log), extra);

    /// <summary>As above, replacing services after the relay registered its own (a failing registry, for instance).</summary>
    public static async Task<TestRelay> StartAsync(FakeTimeProvider? time, Action<IServiceCollection>? configureServices, params string[] extra)
    {
        var folder = new TempDirectory();
        try
        {
            var host = await RelayHost.StartAsync(
                Arguments(folder, extra),
                services =>
                {
                    if (time is not null)
                    {
                        services.AddSingleton<TimeProvider>(time);
                    }

                    configureServices?.Invoke(services);
                });
            return new TestRelay(folder, host, time);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops this relay (as a SIGTERM would: connections closed with 1012) and starts a new one on the same data and
    /// certificate folders, which the new one owns from now on; identities made here still sign for it.
    /// </summary>
    public Task<TestRelay> RestartAsync(FakeTimeProvider? time = null, params string[] extra) => RestartAsync(time, null, extra);

    /// <summary>The same, with <paramref name="whileStopped"/> run on the files between the stop and the start.</summary>
    public Task<TestRelay> RestartAfterAsync(Func<Task> whileStopped) => RestartAsync(null, whileStopped, []);

    private async Task<TestRelay> RestartAsync(FakeTimeProvider? time, Func<Task>? whileStopped, string[] extra)
    {
        // The relay closes first (1012) and its clients answer the close, as real ones would; a client that closed
        // first with 1000 would have left its rooms.
        var stopping = Host.DisposeAsync().AsTask();
        foreach (var client in _clients)
        {
            try
            {
                await client.ReceiveCloseAsync();
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                // already dropped by the test
            }
        }

        await stopping.WaitAsync(RelayTestClient.Guard);
        await StopAsync();
        _handedOver = true;
        if (whileStopped is not null)
        {
            await whileStopped();
        }

        var host = await RelayHost.StartAsync(
            Arguments(_folder, extra),
            services =>
            {
                if (time is not null)
                {
                    services.AddSingleton<TimeProvider>(time);
                }
            });
        return new TestRelay(_folder, host, time, _identities);
    }

    /// <summary>
    /// Starts a second relay on a copy of this one's files as they are right now (without SQLite's shared-memory
    /// index, which a new process rebuilds): what a relay killed at this instant would leave on disk.
    /// </summary>
    public async Task<TestRelay> StartOnACopyAsync(params string[] extra)
    {
        var copy = new TempDirectory();
        try
        {
            foreach (var file in Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal)))
            {
                var target = Path.Combine(copy.Path, Path.GetRelativePath(_folder.Path, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            return new TestRelay(copy, await RelayHost.StartAsync(Arguments(copy, extra)), null);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>The room log's file.</summary>
    public string RoomLogPath => _folder.Combine("data", "rooms.db");

    public async Task<RelayTestClient> ConnectAsync()
    {
        var client = await RelayTestClient.ConnectAsync(Host.WebSocketUri, Host.CaCertificatePath);
        _clients.Add(client);
        return client;
    }

    public TestIdentity Identity(string name)
    {
        var identity = new TestIdentity(name);
        _identities.Add(identity);
        return identity;
    }

    /// <summary>A new connection, registered and logged in as <paramref name="name"/>.</summary>
    public async Task<RelayTestClient> RegisteredAsync(string name)
    {
        var client = await ConnectAsync();
        (await client.RegisterAsync(Identity(name))).Should().BeOfType<OkFrame>();
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (!_handedOver)
        {
            _identities.ForEach(i => i.Dispose());
            _folder.Dispose();
        }
    }

    private async Task StopAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();
        await Host.DisposeAsync();
    }
}
