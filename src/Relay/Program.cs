using PyChat.Relay.Commands;

namespace PyChat.Relay;

internal static class RelayProgram
{
    private static Task<int> Main(string[] args) => RelayCommandLine.InvokeAsync(args, Console.Out, Console.Error);
}
