namespace PyChat.Client;

/// <summary>Where the client's connection to the relay stands (<see cref="PyChatClient.ConnectionState"/>).</summary>
public enum ConnectionState
{
    /// <summary>Connected (and, once logged in, logged in): requests go out at once.</summary>
    Connected,

    /// <summary>The connection broke and the client is reconnecting; requests wait, sends wait in the outbox.</summary>
    Reconnecting,

    /// <summary>Disposed, or given up for good (see <see cref="ConnectionClosed"/>); nothing more can be done with the client.</summary>
    Closed,
}
