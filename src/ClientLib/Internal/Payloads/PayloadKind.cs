namespace PyChat.Client.Internal.Payloads;

/// <summary>The first byte of every end-to-end payload (docs/PROTOCOL.md §6).</summary>
internal enum PayloadKind : byte
{
    Announcement = 0x01,
    Chat = 0x02,
    Rekey = 0x03,
}
