using System.Text;

namespace PyChat.ConsoleClient;

/// <summary>The <c>pychat</c> executable. Exit codes: <see cref="ExitCode"/> (docs/CONSOLE.md).</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        Console.InputEncoding = Encoding.UTF8;
        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C leaves rooms cleanly; a second one ends the process at once.
            e.Cancel = !interrupt.IsCancellationRequested;
            interrupt.Cancel();
        };

        var exitCode = await new ConsoleApp(ConsoleEnvironment.FromSystem()).RunAsync(args, interrupt.Token);
        return (int)exitCode;
    }
}
