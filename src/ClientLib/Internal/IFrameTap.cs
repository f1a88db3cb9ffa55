namespace PyChat.Client.Internal;

/// <summary>
/// Test hook on <see cref="PyChatClientOptions"/>: sees every raw frame the client sends (which is
/// exactly what the relay receives) and receives. Called on the send and receive loops; keep it fast.
/// </summary>
internal interface IFrameTap
{
    void OnSending(ReadOnlyMemory<byte> frame);

    void OnReceived(ReadOnlyMemory<byte> frame);
}
