using System.CommandLine;

namespace PyChat.Relay.Commands;

/// <summary>
/// <c>PyChat.Relay users remove NAME</c>: forgets a user, so a lost key can be registered again under the same name.
/// Takes effect on a running relay at once (it reads the registry at every login); a session already open goes on
/// until it ends.
/// </summary>
internal static class UsersRemoveCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The user to remove." };
        // An unknown option takes the argument's place: "remove --Relay:DataDirectory x alice" would remove "--Relay:DataDirectory".
        name.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>()?.StartsWith('-') == true)
            {
                result.AddError("NAME comes right after 'remove', before configuration arguments such as --Relay:DataDirectory.");
            }
        });
        var command = RelayVerb.Create(
            "remove",
            "Remove a registered user, so its name can be registered again with a new key. A session already open stays until it ends.",
            (parseResult, io, cancellationToken) => RunAsync(parseResult.GetRequiredValue(name), io, cancellationToken));
        command.Arguments.Add(name);
        return command;
    }

    private static Task<int> RunAsync(string user, CommandIo io, CancellationToken cancellationToken) => CommandRegistry.UseAsync(io, async registry =>
    {
        if (!await registry.RemoveAsync(user, cancellationToken))
        {
            return await io.FailAsync($"There is no user '{user}' in {registry.Location}.");
        }

        await io.Output.WriteLineAsync($"Removed '{user}'. The name can be registered again; a session it has open stays until it ends.");
        return ExitCodes.Ok;
    });
}
