using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.ConsoleClient.Configuration;
using PyChat.ConsoleClient.Connection;
using PyChat.ConsoleClient.Identity;
using PyChat.ConsoleClient.Rendering;
using PyChat.Protocol;
using Spectre.Console;

namespace PyChat.ConsoleClient.Commands;

/// <summary>
/// <c>pychat init</c>: first run. Choose a user name and a password, create the identity key as a
/// password-encrypted PEM file in the home folder, register with the relay, and remember relay, CA and user
/// in config.json.
/// 1. Connect first, so an unreachable or untrusted relay fails before anything is written.
/// 2. Write the key file, then register over a new connection. If the relay refuses the name, the new file
///    is removed again. The key file's derivation (PBKDF2, 600,000 rounds) can take seconds on a slow or busy
///    machine, longer than the relay gives a connection to log in (4001): so no connection waits on it.
/// 3. Only a confirmed registration writes the user into config.json. A key file without it means an
///    earlier init did not finish (the connection broke after the key was written): init picks it up, and
///    if the relay says the name is taken, a login with that key tells whether the name is ours after all.
/// </summary>
internal static class InitCommand
{
    private const int ProbeAttempts = 3;

    public static async Task<ExitCode> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using var session = await RegisterAsync(context, cancellationToken);
        return ExitCode.Ok;
    }

    /// <summary>Creates and registers the identity; returns the session, logged in.</summary>
    public static async Task<RelaySession> RegisterAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var home = context.Settings.Home;
        var config = await ConfigFile.ReadAsync(home.ConfigFile, cancellationToken);
        if (config.User is not null && IdentityStore.Exists(home))
        {
            throw new CommandFailedException(ExitCode.IdentityProblem,
                $"{home.Path} is set up already for '{config.User}'. Use another --home for another identity.");
        }

        var settings = context.Settings = await CompleteAsync(context, context.Settings, cancellationToken);
        var user = settings.RequireUser();
        var resuming = IdentityStore.Exists(home);
        if (!resuming)
        {
            // Reachable and trusted before a password is chosen: nothing is asked, or written, for a relay that fails.
            settings = context.Settings = await ProbeUntilTrustedAsync(context, settings, cancellationToken);
        }

        var identity = resuming
            ? await IdentityStore.OpenAsync(home, context.Passwords, cancellationToken)
            : IdentityKey.Generate();
        var password = resuming ? null : await context.Passwords.ReadNewAsync(cancellationToken);

        RelaySession session;
        try
        {
            if (password is not null)
            {
                await IdentityStore.SaveAsync(home, identity, password, cancellationToken);
            }

            session = await RelaySession.ConnectAsync(settings, identity, user, cancellationToken);
        }
        catch
        {
            identity.Dispose();
            throw;
        }

        try
        {
            await RegisterAsync(context, session, created: password is not null, resuming, cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private static async Task RegisterAsync(CommandContext context, RelaySession session, bool created, bool resuming, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var home = settings.Home;
        var config = await ConfigFile.ReadAsync(home.ConfigFile, cancellationToken);
        try
        {
            await session.RegisterAsync(cancellationToken);
        }
        catch (CommandFailedException e) when (e.ExitCode == ExitCode.NameTaken && resuming)
        {
            // Maybe the earlier registration did reach the relay: then this key logs in, and the name is ours.
            await LoginOrThrowAsync(session, e, cancellationToken);
        }
        catch (Exception e) when (created && e is CommandFailedException or PyChatRelayException)
        {
            File.Delete(home.IdentityFile); // refused: the name was never ours, the key is of no use
            throw;
        }

        await ConfigFile.WriteAsync(home.ConfigFile, config with
        {
            Relay = settings.RequireRelay().ToString(),
            CaFile = settings.RequireCaFile(),
            User = session.User,
        }, cancellationToken);

        var fingerprint = Fingerprints.Grouped(session.PublicKey.FingerprintHex);
        context.Environment.Output.WriteLine($"Registered {session.User} with {settings.Relay}. Your key fingerprint: {fingerprint}");
        context.Status($"Identity saved in {home.IdentityFile}; settings in {home.ConfigFile}.");
    }

    private static async Task LoginOrThrowAsync(RelaySession session, CommandFailedException nameTaken, CancellationToken cancellationToken)
    {
        try
        {
            await session.LoginAsync(cancellationToken);
        }
        catch (CommandFailedException e) when (e.ExitCode == ExitCode.AuthenticationFailed)
        {
            throw nameTaken;
        }
    }

    /// <summary>
    /// Connects once to check the relay's address and CA. A person at a terminal who typed a wrong one is told why and
    /// asked for both again (the last answers are the defaults); a script gets the failure and its exit code.
    /// </summary>
    private static async Task<ClientSettings> ProbeUntilTrustedAsync(CommandContext context, ClientSettings settings, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RelaySession.ProbeAsync(settings, cancellationToken);
                return settings;
            }
            catch (Exception e) when (context.Environment.IsInteractive && attempt < ProbeAttempts && WrongRelayOrCa(e) is { } problem)
            {
                var terminal = context.Environment.Terminal;
                terminal.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
                terminal.WriteLine("Check the relay address and its CA file."); // a line of its own: the problem may fill the width
                var relay = await AskRelayAsync(terminal, settings.Relay, cancellationToken);
                var ca = await AskCaFileAsync(terminal, settings.CaFile, cancellationToken);
                settings = settings with { Relay = relay, CaFile = ca };
            }
        }
    }

    /// <summary>What a wrong relay address or CA file looks like from here; null for any other failure.</summary>
    private static string? WrongRelayOrCa(Exception e) => e switch
    {
        CommandFailedException { ExitCode: ExitCode.CertificateNotTrusted } failed => failed.Message,
        PyChatCertificateException or PyChatConnectionException or PyChatTimeoutException when FailureMessages.TryDescribe(e, out _, out var message) => message,
        _ => null,
    };

    /// <summary>On a terminal, asks for what the command line and config file did not say.</summary>
    private static async Task<ClientSettings> CompleteAsync(CommandContext context, ClientSettings settings, CancellationToken cancellationToken)
    {
        if (!context.Environment.IsInteractive)
        {
            return settings;
        }

        var terminal = context.Environment.Terminal;
        var user = settings.User ?? (await terminal.AskAsync(new TextPrompt<string>("Choose a user name:")
            .Validate(name => Names.IsValid(name.Trim().ToLowerInvariant())
                ? ValidationResult.Success()
                : ValidationResult.Error($"Use 1-{ProtocolLimits.MaxNameLength} characters a-z, 0-9, '-', '_', '.', starting with a letter or digit.")), cancellationToken))
            .Trim().ToLowerInvariant();
        var relay = settings.Relay ?? await AskRelayAsync(terminal, null, cancellationToken);
        var ca = settings.CaFile ?? await AskCaFileAsync(terminal, null, cancellationToken);
        return settings with { User = user, Relay = relay, CaFile = ca };
    }

    private static async Task<Uri> AskRelayAsync(IAnsiConsole terminal, Uri? previous, CancellationToken cancellationToken)
    {
        // Asked again, the last answer is the default, shown in its place: "Relay address (wss://chat.example.org/ws):".
        var prompt = new TextPrompt<string>(previous is null ? "Relay address (wss://host:port/ws):" : "Relay address")
            .Validate(text => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == "wss"
                ? ValidationResult.Success()
                : ValidationResult.Error("Use wss://host:port/ws."));
        if (previous is not null)
        {
            prompt.DefaultValue(previous.ToString());
        }

        return CommandLineParser.ParseRelay(await terminal.AskAsync(prompt, cancellationToken));
    }

    private static async Task<string> AskCaFileAsync(IAnsiConsole terminal, string? previous, CancellationToken cancellationToken)
    {
        var prompt = new TextPrompt<string>(previous is null ? "The relay's CA certificate file (ca.crt):" : "The relay's CA certificate file")
            .Validate(path => File.Exists(path) ? ValidationResult.Success() : ValidationResult.Error("No such file."));
        if (previous is not null)
        {
            prompt.DefaultValue(previous);
        }

        return Path.GetFullPath(await terminal.AskAsync(prompt, cancellationToken));
    }
}
