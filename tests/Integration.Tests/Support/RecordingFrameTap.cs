using PyChat.Client.Internal;
using PyChat.Protocol.Frames;

namespace PyChat.Integration.Tests.Support;

/// <summary>
/// Records every raw frame a client sends (exactly what the relay receives) and receives. Can hold the
/// client's receive loop on a chosen frame, to freeze a member at a precise point in the room's order.
/// </summary>
public sealed class RecordingFrameTap : IFrameTap
{
    private readonly List<byte[]> _sent = [];
    private readonly List<byte[]> _received = [];
    private readonly ManualResetEventSlim _released = new(initialState: true);
    private volatile Func<Frame, bool>? _holdOn;

    public IReadOnlyList<byte[]> Sent()
    {
        lock (_sent)
        {
            return [.. _sent];
        }
    }

    public IReadOnlyList<byte[]> Received()
    {
        lock (_received)
        {
            return [.. _received];
        }
    }

    /// <summary>Received frames that decode to <typeparamref name="T"/>, with their bytes.</summary>
    public IReadOnlyList<(T Frame, byte[] Bytes)> Received<T>()
        where T : Frame => Decoded<T>(Received());

    /// <summary>Sent frames that decode to <typeparamref name="T"/>, with their bytes.</summary>
    public IReadOnlyList<(T Frame, byte[] Bytes)> Sent<T>()
        where T : Frame => Decoded<T>(Sent());

    /// <summary>From now on the receive loop stops (blocks) on a frame matching <paramref name="condition"/>, until <see cref="Release"/>.</summary>
    public void HoldOn(Func<Frame, bool> condition)
    {
        _released.Reset();
        _holdOn = condition;
    }

    public void Release()
    {
        _holdOn = null;
        _released.Set();
    }

    void IFrameTap.OnSending(ReadOnlyMemory<byte> frame)
    {
        lock (_sent)
        {
            _sent.Add(frame.ToArray());
        }
    }

    void IFrameTap.OnReceived(ReadOnlyMemory<byte> frame)
    {
        lock (_received)
        {
            _received.Add(frame.ToArray());
        }

        if (_holdOn is { } hold && TryDecode(frame.ToArray()) is { } decoded && hold(decoded))
        {
            _released.Wait(TimeSpan.FromMinutes(2));
        }
    }

    private static IReadOnlyList<(T Frame, byte[] Bytes)> Decoded<T>(IReadOnlyList<byte[]> frames)
        where T : Frame
    {
        var result = new List<(T, byte[])>();
        foreach (var bytes in frames)
        {
            if (TryDecode(bytes) is T frame)
            {
                result.Add((frame, bytes));
            }
        }

        return result;
    }

    private static Frame? TryDecode(byte[] bytes)
    {
        try
        {
            return Frame.Decode(bytes);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
