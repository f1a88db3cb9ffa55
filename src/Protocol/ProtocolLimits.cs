namespace PyChat.Protocol;

/// <summary>Fixed sizes and limits of protocol version 2.</summary>
public static class ProtocolLimits
{
    /// <summary>The version byte in Hello.</summary>
    public const byte Version = 2;
    /// <summary>Members a room can hold.</summary>
    public const int RoomCapacity = 10;
    /// <summary>Longest user or room name, in bytes (ASCII).</summary>
    public const int MaxNameLength = 32;
    /// <summary>Size of the login challenge in Hello.</summary>
    public const int ChallengeSize = 32;
    /// <summary>Size of the relay id: SHA-256 of the relay CA certificate (DER).</summary>
    public const int RelayIdSize = 32;
    /// <summary>ECDSA P-256 signature in IEEE P1363 form (r || s).</summary>
    public const int SignatureSize = 64;
    /// <summary>Default largest frame a relay accepts; the actual value is announced in Hello.</summary>
    public const int DefaultMaxFrameBytes = 64 * 1024;
    /// <summary>
    /// Size of an announcement (docs/PROTOCOL.md §6.1): kind, a 65-byte uncompressed P-256 point and a
    /// 64-byte signature. The relay checks only this length; the content stays opaque to it.
    /// </summary>
    public const int AnnouncementSize = 1 + 65 + SignatureSize;
}
