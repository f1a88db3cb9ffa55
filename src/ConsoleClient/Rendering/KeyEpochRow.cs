namespace PyChat.ConsoleClient.Rendering;

/// <summary>One room key this client installed, for <c>/keys</c>.</summary>
/// <param name="Cause">The join or leave it followed (<c>bob joined</c>), or null: a first key, or one the hub made on its own.</param>
internal sealed record KeyEpochRow(uint Epoch, string Hub, DateTimeOffset Time, string? Cause);
