using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Certificates;
using PyChat.Relay.Connections;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Authentication;

/// <summary>Makes Hello frames: the relay id, a fresh 32-byte challenge for this attempt only, the frame limit, the frame rate.</summary>
internal sealed class HelloIssuer(RelayCertificates certificates, IOptions<RelayOptions> options)
{
    private readonly uint _maxFrameBytes = checked((uint)options.Value.MaxFrameBytes);
    private readonly ushort _framesPerSecond = (ushort)Math.Clamp(options.Value.FramesPerSecond, 1, ushort.MaxValue);
    private readonly ushort _frameBurst = (ushort)Math.Clamp(options.Value.FrameBurst, 0, ushort.MaxValue);

    /// <summary>Gives <paramref name="connection"/> a new challenge and returns the Hello that carries it.</summary>
    public byte[] Issue(RelayConnection connection)
    {
        var challenge = RandomNumberGenerator.GetBytes(ProtocolLimits.ChallengeSize);
        connection.Login.SetChallenge(challenge);
        return new HelloFrame(ProtocolLimits.Version, certificates.RelayId, challenge, _maxFrameBytes, _framesPerSecond, _frameBurst).Encode();
    }
}
