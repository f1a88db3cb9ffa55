namespace PyChat.Relay;

internal static class RelayProgram
{
    private static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        await app.RunAsync().ConfigureAwait(false);
    }
}
