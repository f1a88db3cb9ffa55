using System.Buffers;

namespace PyChat.Relay.Connections;

/// <summary>
/// The upgraded connection's stream as the WebSocket sees it: reads pass straight through (zero-byte
/// reads included, so an idle connection holds no read buffer), and writes can be held back while
/// the send loop knows more frames are queued, then go out as one write: one TLS record and one
/// socket send for a run of frames instead of one per frame.
/// </summary>
/// <remarks>
/// The WebSocket makes every write (messages, pings, pongs, the close frame) under its own send lock,
/// one at a time, and only the send loop sets <see cref="HoldWrites"/>. While it is set the loop is
/// draining its queue and its next send (which clears it for the queue's last frame) is imminent,
/// so a ping the keep-alive timer writes meanwhile is delayed by one drain at most. Held bytes are
/// also written once they reach <see cref="MaxHeldBytes"/>, so a long queue goes out in 32 KiB writes.
/// </remarks>
internal sealed class SendBatchingStream(Stream inner) : Stream
{
    /// <summary>Held bytes that force a write; about two TLS records.</summary>
    public const int MaxHeldBytes = 32 * 1024;

    private byte[]? _held;
    private int _heldLength;
    private volatile bool _holdWrites;

    /// <summary>Set by the send loop before a send when more frames are queued behind it.</summary>
    public bool HoldWrites
    {
        get => _holdWrites;
        set => _holdWrites = value;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_held is null && !_holdWrites)
        {
            return inner.WriteAsync(buffer, cancellationToken); // nothing held: the common case of a quiet connection
        }

        if (_heldLength + buffer.Length > MaxHeldBytes)
        {
            return _held is null ? inner.WriteAsync(buffer, cancellationToken) : WriteHeldThenAsync(buffer, cancellationToken);
        }

        _held ??= ArrayPool<byte>.Shared.Rent(MaxHeldBytes);
        buffer.Span.CopyTo(_held.AsSpan(_heldLength));
        _heldLength += buffer.Length;
        return _holdWrites ? ValueTask.CompletedTask : WriteHeldAsync(cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _held is null ? inner.FlushAsync(cancellationToken) : WriteHeldAsync(cancellationToken).AsTask();

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override ValueTask DisposeAsync()
    {
        ReturnHeld();
        return inner.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReturnHeld();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask WriteHeldThenAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await WriteHeldAsync(cancellationToken);
        await WriteAsync(buffer, cancellationToken);
    }

    private async ValueTask WriteHeldAsync(CancellationToken cancellationToken)
    {
        if (_held is null)
        {
            return;
        }

        try
        {
            await inner.WriteAsync(_held.AsMemory(0, _heldLength), cancellationToken);
        }
        finally
        {
            ReturnHeld();
        }
    }

    private void ReturnHeld()
    {
        if (_held is { } held)
        {
            _held = null;
            _heldLength = 0;
            ArrayPool<byte>.Shared.Return(held);
        }
    }
}
