using System.Globalization;

namespace PyChat.Bench.LoadGen;

/// <summary><c>command --name value ...</c>; every option has a default or is reported as missing.</summary>
internal sealed class CommandLine(string[] args)
{
    public string Command => args.Length > 0 ? args[0] : "help";

    public string Get(string name, string? fallback = null)
    {
        var at = Array.IndexOf(args, "--" + name);
        if (at >= 1 && at + 1 < args.Length)
        {
            return args[at + 1];
        }

        return fallback ?? throw new ArgumentException($"missing --{name}");
    }

    public int GetInt(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public double GetDouble(string name, double fallback) =>
        double.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public IReadOnlyList<string> GetList(string name, string fallback) =>
        Get(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
