using System.Text.Json;
using PyChat.ConsoleClient.Commands;

namespace PyChat.ConsoleClient.Configuration;

/// <summary>Reads and writes <see cref="ClientConfig"/>. A missing file is an empty config; a broken one is a clear error.</summary>
internal static class ConfigFile
{
    public static async Task<ClientConfig> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return ClientConfig.Empty;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(stream, ClientConfigJsonContext.Default.ClientConfig, cancellationToken)
                ?? ClientConfig.Empty;
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not valid JSON ({e.Message}). Fix or delete it.");
        }
    }

    public static async Task WriteAsync(string path, ClientConfig config, CancellationToken cancellationToken = default)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, config, ClientConfigJsonContext.Default.ClientConfig, cancellationToken);
    }
}
