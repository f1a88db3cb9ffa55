using System.Text;

namespace PyChat.Protocol;

/// <summary>
/// The exact bytes a client signs to register or log in (docs/PROTOCOL.md, "Login"). The relay id
/// binds a signature to one relay; the per-connection challenge binds it to one connection, so a
/// captured signature is worthless anywhere else.
/// </summary>
public static class AuthTranscript
{
    private static readonly byte[] RegisterLabel = Encoding.ASCII.GetBytes("pychat.v1/register\0");
    private static readonly byte[] LoginLabel = Encoding.ASCII.GetBytes("pychat.v1/login\0");

    /// <summary>"pychat.v1/register" 0x00 ‖ relayId(32) ‖ challenge(32) ‖ str8 user ‖ bytes16 spki.</summary>
    public static byte[] Register(ReadOnlySpan<byte> relayId, ReadOnlySpan<byte> challenge, string user, ReadOnlySpan<byte> identityKey)
    {
        var bytes = new byte[RegisterLabel.Length + relayId.Length + challenge.Length + FrameWriter.SizeOfString8(user) + FrameWriter.SizeOfBytes16(identityKey)];
        var writer = Start(bytes, RegisterLabel, relayId, challenge, user);
        writer.WriteBytes16(identityKey);
        return bytes;
    }

    /// <summary>"pychat.v1/login" 0x00 ‖ relayId(32) ‖ challenge(32) ‖ str8 user.</summary>
    public static byte[] Login(ReadOnlySpan<byte> relayId, ReadOnlySpan<byte> challenge, string user)
    {
        var bytes = new byte[LoginLabel.Length + relayId.Length + challenge.Length + FrameWriter.SizeOfString8(user)];
        Start(bytes, LoginLabel, relayId, challenge, user);
        return bytes;
    }

    private static FrameWriter Start(byte[] bytes, byte[] label, ReadOnlySpan<byte> relayId, ReadOnlySpan<byte> challenge, string user)
    {
        if (relayId.Length != ProtocolLimits.RelayIdSize || challenge.Length != ProtocolLimits.ChallengeSize)
        {
            throw new ArgumentException("relay id and challenge are 32 bytes each");
        }

        var writer = new FrameWriter(bytes);
        writer.WriteFixed(label);
        writer.WriteFixed(relayId);
        writer.WriteFixed(challenge);
        writer.WriteString8(user);
        return writer;
    }
}
