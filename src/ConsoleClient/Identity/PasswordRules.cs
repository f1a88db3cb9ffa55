namespace PyChat.ConsoleClient.Identity;

/// <summary>
/// The password protects the identity key file; anyone with the file and the password is this user.
/// The minimum is a floor against typos and trivial guesses, not a strength meter.
/// </summary>
internal static class PasswordRules
{
    public const int MinLength = 8;

    /// <summary>Null when the password is acceptable for a new identity, otherwise why not.</summary>
    public static string? Check(string password) =>
        password.Length < MinLength ? $"The password must have at least {MinLength} characters." : null;
}
