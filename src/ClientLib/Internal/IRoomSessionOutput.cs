// STANDIN: replaced wholesale by the room branch.
namespace PyChat.Client.Internal;

internal interface IRoomSessionOutput
{
    void Publish(byte[] payload);

    void Raise(RoomEvent e);
}
