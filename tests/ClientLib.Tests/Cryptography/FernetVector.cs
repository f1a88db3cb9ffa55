using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

/// <summary>One case of the Fernet spec's generate.json, verify.json or invalid.json.</summary>
public sealed record FernetVector
{
    [JsonPropertyName("desc")]
    public string? Description { get; init; }

    [JsonPropertyName("token")]
    public required string Token { get; init; }

    [JsonPropertyName("now")]
    public required string Now { get; init; }

    [JsonPropertyName("iv")]
    public int[]? Iv { get; init; }

    [JsonPropertyName("src")]
    public string? Source { get; init; }

    [JsonPropertyName("secret")]
    public required string Secret { get; init; }

    [JsonPropertyName("ttl_sec")]
    public int? TtlSeconds { get; init; }

    /// <summary>"now" is RFC 3339 with an offset (-07:00 in the published files).</summary>
    public DateTimeOffset NowTime => DateTimeOffset.Parse(Now, CultureInfo.InvariantCulture);

    public override string ToString() => Description ?? Token;

    public static IReadOnlyList<FernetVector> Load(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Cryptography", "Vectors", fileName);
        return JsonSerializer.Deserialize<List<FernetVector>>(File.ReadAllText(path))
            ?? throw new InvalidDataException(path);
    }

    /// <summary>The case indexes of a file: serializable, so each case is its own test.</summary>
    public static TheoryData<int> Indexes(string fileName)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Load(fileName).Count; i++)
        {
            data.Add(i);
        }

        return data;
    }
}
