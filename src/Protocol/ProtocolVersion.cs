namespace PyChat.Protocol;

/// <summary>The wire protocol's name and version, negotiated as the WebSocket subprotocol.</summary>
public static class ProtocolVersion
{
    /// <summary>The WebSocket subprotocol a client must offer (RFC 6455 §1.9).</summary>
    public const string SubProtocol = "pychat.v2";

    /// <summary>The previous version's subprotocol: the relay refuses it with a message that names the current one.</summary>
    public const string RetiredSubProtocol = "pychat.v1";
}
