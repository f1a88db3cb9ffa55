using StackExchange.Redis;

namespace PyChat.Relay.Cluster;

/// <summary>
/// The node's one connection to Redis (a StackExchange.Redis multiplexer: commands of every room pipelined on one
/// socket, reconnected by itself after a failure). Opened at startup, where a Redis that cannot be reached stops the
/// relay with one line; later outages fail the commands made meanwhile, and the node recovers when Redis is back.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly ConfigurationOptions _options;
    private ConnectionMultiplexer? _multiplexer;

    public RedisConnection(string configuration)
    {
        try
        {
            _options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the string, password and all.
            throw new RelayStartupException("Relay:Cluster:Redis is not a valid StackExchange.Redis configuration (host:port,password=…)");
        }

        _options.ClientName ??= "pychat-relay";
        Location = string.Join(",", _options.EndPoints.Select(e => e.ToString()));
    }

    /// <summary>The endpoints, never the password: for messages.</summary>
    public string Location { get; }

    public IDatabase Database => Multiplexer.GetDatabase();

    public ISubscriber Subscriber => Multiplexer.GetSubscriber();

    /// <summary>A connection to Redis failed (pub/sub or commands): messages sent to or from this node meanwhile may be lost.</summary>
    public event Action? MessagesMayBeLost;

    /// <summary>A connection to Redis is back after a failure.</summary>
    public event Action? Restored;

    private ConnectionMultiplexer Multiplexer => _multiplexer ?? throw new InvalidOperationException("Redis is not connected yet");

    public async Task ConnectAsync()
    {
        if (_multiplexer is not null)
        {
            return;
        }

        try
        {
            _multiplexer = await ConnectionMultiplexer.ConnectAsync(_options);
            _multiplexer.ConnectionFailed += (_, _) => MessagesMayBeLost?.Invoke();
            _multiplexer.ConnectionRestored += (_, _) => Restored?.Invoke();
        }
        catch (RedisConnectionException e)
        {
            throw new RelayStartupException($"cannot reach Redis ({Location}): {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.CloseAsync();
            await _multiplexer.DisposeAsync();
        }
    }
}
