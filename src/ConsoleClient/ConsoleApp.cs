using PyChat.ConsoleClient.Commands;

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

    private Task<ExitCode> RunAsync(ParsedCommand command, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        switch (command.Verb)
        {
            case Verb.Help:
                environment.Output.WriteLine(HelpText.Usage);
                return Task.FromResult(ExitCode.Ok);
            default:
                throw new CommandFailedException(ExitCode.Other, $"'{command.Verb}' is not available yet.");
        }
    }

    private ExitCode Fail(ExitCode exitCode, string message)
    {
        environment.Error.WriteLine($"pychat: {message}");
        environment.Error.Flush();
        return exitCode;
    }
}
