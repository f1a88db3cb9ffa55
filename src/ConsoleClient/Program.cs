using System.Runtime.InteropServices;
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
            if (!e.Cancel)
            {
                LeaveTerminalModes();
            }
        };
        AppDomain.CurrentDomain.UnhandledException += (_, _) => LeaveTerminalModes();

        // A bot under systemd or in a container is stopped with SIGTERM: the same clean end as Ctrl+C (read --follow
        // leaves its room and exits 0), where the runtime's default would end the process on the spot.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = !interrupt.IsCancellationRequested;
            interrupt.Cancel();
        });

        var exitCode = await new ConsoleApp(ConsoleEnvironment.FromSystem()).RunAsync(args, interrupt.Token);
        return (int)exitCode;
    }

    /// <summary>
    /// For the ways out that skip the room view's own cleanup (a second Ctrl+C, a crash): a terminal left in
    /// bracketed-paste mode would wrap every later paste into the shell in markers, and one left reporting focus would
    /// type ESC [ I into it. Turning a mode off when it was not on does nothing.
    /// </summary>
    private static void LeaveTerminalModes()
    {
        if (!Console.IsOutputRedirected)
        {
            Console.Out.Write(Chat.Editing.BracketedPasteDecoder.Off + Chat.Editing.FocusReports.Off);
            Console.Out.Flush();
        }
    }
}
