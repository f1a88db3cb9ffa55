using System.CommandLine;

namespace PyChat.Relay.Commands;

/// <summary>
/// The tokens no command claimed are the relay's configuration (<c>--Relay:DataDirectory x</c>, <c>--urls=…</c>), handed to
/// ASP.NET Core's command-line configuration. They must have its shape: ASP.NET Core silently skips a stray word, so a
/// mistyped verb would otherwise start a relay instead of saying it is unknown.
/// </summary>
internal static class ConfigurationArguments
{
    public static string[] Of(ParseResult parseResult) => [.. parseResult.UnmatchedTokens];

    /// <summary>Why <paramref name="tokens"/> are not configuration arguments, or null if they are.</summary>
    public static string? Problem(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var isKey = token.StartsWith("--", StringComparison.Ordinal) || token.StartsWith('/');
            if (token.Contains('=', StringComparison.Ordinal))
            {
                continue; // --Key=value, /Key=value, Key=value
            }

            if (!isKey)
            {
                return $"Unknown command or argument '{token}'.";
            }

            if (i + 1 == tokens.Count)
            {
                return $"The configuration key '{token}' has no value.";
            }

            i++; // --Key value
        }

        return null;
    }
}
