using System.Globalization;

namespace PyChat.Relay.Commands;

/// <summary><c>PyChat.Relay users list</c>: every registered user with its key's fingerprint and when it registered.</summary>
internal static class UsersListCommand
{
    public static System.CommandLine.Command Create() => RelayVerb.Create(
        "list",
        "List the registered users: name, identity key fingerprint, registration time (UTC).",
        (_, io, cancellationToken) => RunAsync(io, cancellationToken));

    private static Task<int> RunAsync(CommandIo io, CancellationToken cancellationToken) => CommandRegistry.UseAsync(io, async registry =>
    {
        var users = await registry.ListAsync(cancellationToken);
        if (users.Count == 0)
        {
            await io.Output.WriteLineAsync("No users are registered.");
            return ExitCodes.Ok;
        }

        var width = Math.Max("NAME".Length, users.Max(u => u.Name.Length));
        await io.Output.WriteLineAsync($"{"NAME".PadRight(width)}  {"FINGERPRINT",-79}  REGISTERED");
        foreach (var user in users)
        {
            var registered = user.RegisteredAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "unknown";
            await io.Output.WriteLineAsync($"{user.Name.PadRight(width)}  {IdentityFingerprint.Of(user.IdentityKey)}  {registered}");
        }

        return ExitCodes.Ok;
    });
}
