using PyChat.ConsoleClient.Identity;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Commands;

/// <summary><c>pychat whoami</c>: the user name, relay and key fingerprint of this home folder. Needs the password, not the relay.</summary>
internal static class WhoamiCommand
{
    public static async Task<ExitCode> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var user = settings.RequireUser();
        using var identity = await IdentityStore.OpenAsync(settings.Home, context.Passwords, cancellationToken);
        context.Environment.Output.WriteLine($"{user} {Fingerprints.Grouped(identity.PublicKey.FingerprintHex)}");
        context.Status($"relay {settings.Relay}, home {settings.Home.Path}");
        return ExitCode.Ok;
    }
}
