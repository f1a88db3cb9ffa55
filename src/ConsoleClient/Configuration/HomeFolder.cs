namespace PyChat.ConsoleClient.Configuration;

/// <summary>
/// The client's home folder: the password-encrypted identity key, the config file, and what this user
/// has learned about other people's keys (one file per relay id, since names belong to a relay).
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

    /// <summary>
    /// Where the keys seen from other users of the relay with <paramref name="relayId"/> (SHA-256 of its pinned CA) are
    /// remembered: one table per relay, however it is reached (another host name, a proxy on another port).
    /// </summary>
    public string KnownPeersFile(ReadOnlySpan<byte> relayId) =>
        System.IO.Path.Combine(Path, $"known-peers-{Convert.ToHexStringLower(relayId)}.json");

    /// <summary>
    /// <see cref="KnownPeersFile(ReadOnlySpan{byte})"/>, first adopting the table kept per host and port before
    /// (<c>known-peers-HOST-PORT.json</c>) when the relay has none yet, so the keys already trusted stay trusted.
    /// </summary>
    public string AdoptKnownPeersFile(Uri relay, ReadOnlySpan<byte> relayId)
    {
        var file = KnownPeersFile(relayId);
        var perHost = PerHostKnownPeersFile(relay);
        if (!File.Exists(file) && File.Exists(perHost))
        {
            try
            {
                File.Move(perHost, file);
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another pychat of this user adopted it at the same moment: the table is where it belongs.
            }
        }

        return file;
    }

    private string PerHostKnownPeersFile(Uri relay)
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
