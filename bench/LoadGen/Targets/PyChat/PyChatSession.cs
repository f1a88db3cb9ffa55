using System.Net.WebSockets;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Bench.LoadGen.Targets.PyChat;

/// <summary>
/// Gets one member into its room through the real protocol (docs/PROTOCOL.md §4–§6.1): TLS pinned to
/// the bench CA, subprotocol <c>pychat.v2</c>, Register with a fresh ECDSA P-256 identity signed over
/// the Hello challenge, then CreateRoom (the first member) or JoinRoom with a signed announcement of a
/// fresh ephemeral ECDH key.
/// </summary>
internal static class PyChatSession
{
    public sealed record Joined(ClientWebSocket Socket, IdentityKey Identity, int Member, string User, string Room);

    public static async Task<Joined> OpenAsync(
        BenchTargetOptions options, CertificateTrust trust, PyChatRoomDirectory directory, int room, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(ProtocolVersion.SubProtocol);
        socket.Options.RemoteCertificateValidationCallback = trust.Validate;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetBuffer(4096, 4096);
        var identity = IdentityKey.Generate();
        try
        {
            await socket.ConnectAsync(options.NextUrl(), cancellationToken);
            var buffer = new byte[16 * 1024];
            var hello = (HelloFrame)await ReceiveAsync(socket, buffer, cancellationToken);
            var member = directory.NextMember();
            var user = directory.UserName(member);
            var spki = identity.PublicKey.SubjectPublicKeyInfo;
            var signature = identity.Sign(AuthTranscript.Register(hello.RelayId.Span, hello.Challenge.Span, user, spki.Span));
            await SendAsync(socket, new RegisterFrame(1, user, spki, signature), cancellationToken);
            Expect<OkFrame>(await ReceiveAsync(socket, buffer, cancellationToken), "Register");

            var benchRoom = directory.Room(room);
            var creator = benchRoom.ClaimCreator();
            if (!creator)
            {
                await benchRoom.Created.Task.WaitAsync(cancellationToken);
            }

            using (var memberKey = EphemeralKeyPair.Generate())
            {
                var announcement = new Announcement(memberKey.PublicKey).Encode(benchRoom.Name, user, identity);
                await SendAsync(socket, creator ? new CreateRoomFrame(2, benchRoom.Name, announcement) : new JoinRoomFrame(2, benchRoom.Name, announcement), cancellationToken);
            }

            Expect<RoomJoinedFrame>(await ReceiveAsync(socket, buffer, cancellationToken), creator ? "CreateRoom" : "JoinRoom");
            if (creator)
            {
                benchRoom.Created.TrySetResult();
            }

            return new Joined(socket, identity, member, user, benchRoom.Name);
        }
        catch
        {
            socket.Dispose();
            identity.Dispose();
            throw;
        }
    }

    private static Task SendAsync(ClientWebSocket socket, Frame frame, CancellationToken cancellationToken) =>
        socket.SendAsync(frame.Encode(), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    private static void Expect<T>(Frame frame, string request)
        where T : Frame
    {
        if (frame is not T)
        {
            throw new InvalidOperationException(frame is ErrorFrame error ? $"{request} refused: {error.Code} {error.Message}" : $"{request}: unexpected {frame.Type}");
        }
    }

    /// <summary>The next frame that answers a request (member events of other joiners are skipped).</summary>
    private static async Task<Frame> ReceiveAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new WebSocketException($"the relay closed the connection ({socket.CloseStatus} {socket.CloseStatusDescription})");
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            var frame = Frame.Decode(buffer.AsSpan(0, length).ToArray());
            if (frame is not (MemberJoinedFrame or MemberLeftFrame or DeliverFrame))
            {
                return frame;
            }
        }
    }
}
