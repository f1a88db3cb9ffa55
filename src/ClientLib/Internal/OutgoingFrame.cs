namespace PyChat.Client.Internal;

/// <summary>A frame queued for the send loop; <see cref="Written"/> completes once it is on the socket.</summary>
internal sealed record OutgoingFrame(ReadOnlyMemory<byte> Bytes, TaskCompletionSource? Written);
