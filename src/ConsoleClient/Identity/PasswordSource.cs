using PyChat.ConsoleClient.Commands;
using PyChat.ConsoleClient.Rendering;
using Spectre.Console;

namespace PyChat.ConsoleClient.Identity;

/// <summary>
/// Where the password comes from, in order: the first line of standard input (<c>--password-stdin</c>),
/// the <c>PYCHAT_PASSWORD</c> environment variable, a masked prompt on a terminal. Without any of these
/// the program stops with a usage error instead of hanging on a prompt nobody sees.
/// </summary>
internal sealed class PasswordSource(IAnsiConsole console, TextReader input, string? environmentValue, bool fromInput)
{
    public const string EnvironmentVariable = "PYCHAT_PASSWORD";
    private const int PromptAttempts = 3;
    private string? _inputLine;

    /// <summary>Whether the password is typed at a prompt (so a wrong one may be asked again).</summary>
    public bool IsInteractive => !fromInput && environmentValue is null && console.Profile.Capabilities.Interactive;

    /// <summary>The password of an existing identity, asked once.</summary>
    public async Task<string> ReadExistingAsync(CancellationToken cancellationToken)
    {
        if (TryReadGiven(out var given))
        {
            return given;
        }

        return await console.AskAsync(new TextPrompt<string>("Password:").Secret(), cancellationToken);
    }

    /// <summary>A new password: checked against <see cref="PasswordRules"/>, and on a terminal typed twice.</summary>
    public async Task<string> ReadNewAsync(CancellationToken cancellationToken)
    {
        if (TryReadGiven(out var given))
        {
            return PasswordRules.Check(given) is { } problem ? throw new UsageException(problem) : given;
        }

        for (var attempt = 0; attempt < PromptAttempts; attempt++)
        {
            var password = await console.AskAsync(new TextPrompt<string>($"Choose a password (at least {PasswordRules.MinLength} characters):")
                .Secret()
                .Validate(p => PasswordRules.Check(p) is { } problem ? ValidationResult.Error(problem) : ValidationResult.Success()), cancellationToken);
            var repeated = await console.AskAsync(new TextPrompt<string>("Repeat the password:").Secret().AllowEmpty(), cancellationToken);
            if (password == repeated)
            {
                return password;
            }

            console.MarkupLine("[red]The passwords do not match.[/] Try again.");
        }

        throw new UsageException("The passwords did not match.");
    }

    /// <summary>
    /// With <c>--password-stdin</c>, reads the password's line now, so that the caller may read what follows it
    /// (<c>send</c>'s message from standard input); the password is then taken from what was read.
    /// </summary>
    public void ReadInputLineNow()
    {
        if (fromInput)
        {
            _inputLine ??= input.ReadLine() ?? throw new UsageException("--password-stdin: standard input is empty.");
        }
    }

    /// <summary>Tells the person at the prompt what went wrong before asking again.</summary>
    public void Report(string problem) => console.MarkupLine($"[red]{Markup.Escape(problem)}[/]");

    private bool TryReadGiven(out string password)
    {
        if (fromInput)
        {
            ReadInputLineNow();
            password = _inputLine!;
            return true;
        }

        if (environmentValue is not null)
        {
            password = environmentValue;
            return true;
        }

        if (!console.Profile.Capabilities.Interactive)
        {
            throw new UsageException(
                $"A password is needed: use --password-stdin or set {EnvironmentVariable} (no terminal to ask on).");
        }

        password = "";
        return false;
    }
}
