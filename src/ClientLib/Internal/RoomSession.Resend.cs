namespace PyChat.Client.Internal;

internal sealed partial class RoomSession
{
    /// <summary>
    /// The relay ordered <paramref name="payload"/> (the array <see cref="EncryptMessage"/> returned, or that this session
    /// gave to <see cref="IRoomSessionOutput.Publish"/>) at <paramref name="offset"/>: its acknowledgement (Published), or
    /// its own Deliver frame replayed on resume. Any other array is ignored.
    /// </summary>
    public void OnPublished(byte[] payload, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(payload);
        _ = offset;
    }

    private void OnOwnDeliver(ReadOnlyMemory<byte> payload, ulong offset)
    {
        _ = payload;
        _ = offset;
    }
}
