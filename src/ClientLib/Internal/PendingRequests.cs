using System.Collections.Concurrent;
using PyChat.Protocol.Frames;

namespace PyChat.Client.Internal;

/// <summary>
/// Requests waiting for the relay's answer, by request id. Completions run asynchronously so that the
/// receive loop never runs application code.
/// </summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<Frame>> _pending = new();
    private int _nextId;
    private volatile Exception? _closed;

    public (uint Id, Task<Frame> Answer) Register()
    {
        var completion = new TaskCompletionSource<Frame>(TaskCreationOptions.RunContinuationsAsynchronously);
        uint id;
        do
        {
            id = NextId();
        }
        while (!_pending.TryAdd(id, completion));

        if (_closed is { } closed)
        {
            Fail(id, closed);
        }

        return (id, completion.Task);
    }

    /// <summary>A fresh request id for a request answered elsewhere (a room's publish); never 0, which means "no request" in Error frames.</summary>
    public uint NextId()
    {
        uint id;
        do
        {
            id = unchecked((uint)Interlocked.Increment(ref _nextId));
        }
        while (id == 0 || _pending.ContainsKey(id));

        return id;
    }

    public bool Complete(uint id, Frame answer) => _pending.TryRemove(id, out var completion) && completion.TrySetResult(answer);

    public bool Fail(uint id, Exception error) => _pending.TryRemove(id, out var completion) && completion.TrySetException(error);

    public void Forget(uint id) => _pending.TryRemove(id, out _);

    /// <summary>Fails every pending request, and every later one, with <paramref name="error"/>.</summary>
    public void Close(Exception error)
    {
        _closed = error;
        foreach (var id in _pending.Keys)
        {
            Fail(id, error);
        }
    }
}
