namespace PyChat.Client.Internal;

/// <summary>Where a <see cref="RoomSession"/> sends what it produces. Called synchronously, on the caller's thread.</summary>
internal interface IRoomSessionOutput
{
    /// <summary>Send <paramref name="payload"/> to the room (a Publish frame). Used for Rekey.</summary>
    void Publish(byte[] payload);

    /// <summary>Hand <paramref name="e"/> to the application.</summary>
    void Raise(RoomEvent e);
}
