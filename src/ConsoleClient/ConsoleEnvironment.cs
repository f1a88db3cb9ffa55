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
    public static ConsoleEnvironment FromSystem() => new(
        Console.In,
        Console.Out,
        Console.Error,
        AnsiConsole.Console,
        !Console.IsInputRedirected,
        !Console.IsOutputRedirected,
        Environment.GetEnvironmentVariable);

    /// <summary>Prompts and the menu need a person at a terminal on both ends.</summary>
    public bool IsInteractive => InputIsTerminal && OutputIsTerminal;
}
