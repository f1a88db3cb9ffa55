namespace PyChat.ConsoleClient.Configuration;

/// <summary>
/// The client's home folder: the password-encrypted identity key, the config file, and what this user
/// has learned about other people's keys (one file per relay, since names belong to a relay).
/// Default <c>~/.pychat</c>; <c>--home</c> or the <c>PYCHAT_HOME</c> variable change it.
/// </summary>
internal sealed class HomeFolder
{
    public const string EnvironmentVariable = "PYCHAT_HOME";

    public HomeFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public string IdentityFile => System.IO.Path.Combine(Path, "identity.pem");

    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");

    public static HomeFolder Resolve(string? option, Func<string, string?> environment)
    {
        var path = option ?? environment(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            var profile = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            path = System.IO.Path.Combine(profile, ".pychat");
        }

        return new HomeFolder(path);
    }

    /// <summary>Where the keys seen from other users of <paramref name="relay"/> are remembered.</summary>
    public string KnownPeersFile(Uri relay)
    {
        var host = relay.IdnHost.Replace(':', '_');
        return System.IO.Path.Combine(Path, $"known-peers-{host}-{relay.Port}.json");
    }

    /// <summary>Creates the folder, readable by this user only where the platform allows it.</summary>
    public void Create()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
        }
        else
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
