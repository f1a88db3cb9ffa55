using System.Text.Json.Serialization;

namespace PyChat.ConsoleClient.Configuration;

/// <summary>
/// <c>config.json</c> in the home folder. <c>pychat init</c> writes it, so later runs need no options.
/// Every field may be overridden on the command line.
/// </summary>
internal sealed record ClientConfig
{
    /// <summary>The relay address, <c>wss://host:port/ws</c>.</summary>
    [JsonPropertyName("relay")]
    public string? Relay { get; init; }

    /// <summary>The pinned CA certificate (PEM). A relative path is relative to the home folder.</summary>
    [JsonPropertyName("ca")]
    public string? CaFile { get; init; }

    /// <summary>The user name registered with the relay; the identity key belongs to it.</summary>
    [JsonPropertyName("user")]
    public string? User { get; init; }

    public static ClientConfig Empty { get; } = new();
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClientConfig))]
internal sealed partial class ClientConfigJsonContext : JsonSerializerContext;
