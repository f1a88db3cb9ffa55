using PyChat.Client.Cryptography;
using PyChat.ConsoleClient.Commands;
using PyChat.ConsoleClient.Configuration;

namespace PyChat.ConsoleClient.Identity;

/// <summary>
/// The identity key in the home folder: a password-encrypted PEM file (ClientLib's <see cref="IdentityKeyFile"/>).
/// Turns its failures into the program's exit codes.
/// </summary>
internal static class IdentityStore
{
    private const int PromptAttempts = 3;

    public static bool Exists(HomeFolder home) => File.Exists(home.IdentityFile);

    /// <summary>Reads the key, asking the password again (at most three times) when it is typed at a prompt.</summary>
    public static async Task<IdentityKey> OpenAsync(HomeFolder home, PasswordSource passwords, CancellationToken cancellationToken)
    {
        if (!Exists(home))
        {
            throw new CommandFailedException(ExitCode.IdentityProblem,
                $"No identity in {home.Path}. Run 'pychat init --user NAME' first (or give --home).");
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await IdentityKeyFile.ReadAsync(home.IdentityFile, await passwords.ReadExistingAsync(cancellationToken), cancellationToken);
            }
            catch (IdentityKeyFileException e) when (e.Error == IdentityKeyFileError.WrongPassword && passwords.IsInteractive && attempt < PromptAttempts)
            {
                passwords.Report("Wrong password. Try again.");
            }
            catch (IdentityKeyFileException e)
            {
                throw Describe(e, home);
            }
        }
    }

    /// <summary>Writes a new key, encrypted with <paramref name="password"/>. Never overwrites.</summary>
    public static async Task SaveAsync(HomeFolder home, IdentityKey key, string password, CancellationToken cancellationToken)
    {
        home.Create();
        try
        {
            await IdentityKeyFile.WriteAsync(home.IdentityFile, key, password, cancellationToken);
        }
        catch (IdentityKeyFileException e)
        {
            throw Describe(e, home);
        }
    }

    private static CommandFailedException Describe(IdentityKeyFileException e, HomeFolder home) => e.Error switch
    {
        IdentityKeyFileError.WrongPassword => new(ExitCode.WrongPassword, $"Wrong password for {home.IdentityFile}."),
        IdentityKeyFileError.NotFound => new(ExitCode.IdentityProblem, $"No identity in {home.Path}. Run 'pychat init --user NAME' first."),
        IdentityKeyFileError.AlreadyExists => new(ExitCode.IdentityProblem, $"{home.IdentityFile} exists already; it is never overwritten."),
        _ => new(ExitCode.IdentityProblem, $"{home.IdentityFile} is not a usable identity key ({e.Error}): {e.Message}"),
    };
}
