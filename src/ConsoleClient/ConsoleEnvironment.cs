using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Rendering;
using Spectre.Console;

namespace PyChat.ConsoleClient;

/// <summary>
/// Everything the program touches outside itself: the standard streams, the terminal, the environment.
/// Tests run the whole program in-process with their own.
/// </summary>
internal sealed record ConsoleEnvironment(
    TextReader Input,
    TextWriter Output,
    TextWriter Error,
    IAnsiConsole Terminal,
    bool InputIsTerminal,
    bool OutputIsTerminal,
    Func<string, string?> Variable)
{
    public static ConsoleEnvironment FromSystem()
    {
        var inputIsTerminal = !Console.IsInputRedirected;
        return new(
            Console.In,
            Console.Out,
            Console.Error,
            inputIsTerminal ? new TerminalKeysConsole(AnsiConsole.Console, TerminalKeys.Shared) : AnsiConsole.Console,
            inputIsTerminal,
            !Console.IsOutputRedirected,
            Environment.GetEnvironmentVariable);
    }

    /// <summary>Prompts and the menu need a person at a terminal on both ends.</summary>
    public bool IsInteractive => InputIsTerminal && OutputIsTerminal;
}
