using PyChat.ConsoleClient.Commands;
using PyChat.ConsoleClient.Configuration;

namespace PyChat.ConsoleClient;

/// <summary>
/// Runs one command line: parse, run the command, and turn every expected failure into one clear line on
/// standard error and its exit code. No stack trace reaches the user; an unexpected exception is reported
/// by its message with <see cref="ExitCode.Other"/>.
/// </summary>
internal sealed class ConsoleApp(ConsoleEnvironment environment)
{
    public async Task<ExitCode> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        try
        {
            var command = CommandLineParser.Parse(args);
            return await RunAsync(command, cancellationToken);
        }
        catch (UsageException e)
        {
            return Fail(ExitCode.Usage, e.Message);
        }
        catch (CommandFailedException e)
        {
            return Fail(e.ExitCode, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(ExitCode.Interrupted, "Interrupted.");
        }
        catch (Exception e) when (FailureMessages.TryDescribe(e, out var exitCode, out var message))
        {
            return Fail(exitCode, message);
        }
#pragma warning disable CA1031 // The promise is "no stack trace": anything unexpected still ends as one line.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Fail(ExitCode.Other, $"Unexpected error: {e.Message}");
        }
    }

    private async Task<ExitCode> RunAsync(ParsedCommand command, CancellationToken cancellationToken)
    {
        if (command.Verb == Verb.Help)
        {
            CommandLineParser.WriteHelp(command.Arguments.FirstOrDefault(), environment.Output);
            return ExitCode.Ok;
        }

        if (command.Verb == Verb.Builtin)
        {
            CommandLineParser.InvokeBuiltin(command.Arguments, environment.Output);
            return ExitCode.Ok;
        }

        var home = HomeFolder.Resolve(command.Options.Home, environment.Variable);
        var config = await ConfigFile.ReadAsync(home.ConfigFile, cancellationToken);
        var context = new CommandContext(environment, command, ClientSettings.Merge(home, command.Options, config, environment.Variable));
        return command.Verb switch
        {
            Verb.Init => await InitCommand.RunAsync(context, cancellationToken),
            Verb.Rooms => await RoomsCommand.RunAsync(context, cancellationToken),
            Verb.Chat => await ChatCommand.RunAsync(context, cancellationToken),
            Verb.Send => await SendCommand.RunAsync(context, cancellationToken),
            Verb.Read => await ReadCommand.RunAsync(context, cancellationToken),
            Verb.Whoami => await WhoamiCommand.RunAsync(context, cancellationToken),
            _ => await MenuCommand.RunAsync(context, cancellationToken),
        };
    }

    private ExitCode Fail(ExitCode exitCode, string message)
    {
        environment.Error.WriteLine($"pychat: {message}");
        environment.Error.Flush();
        return exitCode;
    }
}
