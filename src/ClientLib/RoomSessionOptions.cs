// STANDIN: replaced wholesale by the room branch.
namespace PyChat.Client;

/// <summary>Stand-in: room options.</summary>
public sealed record RoomSessionOptions
{
    /// <summary>Defaults.</summary>
    public static RoomSessionOptions Default { get; } = new();
}
