namespace PyChat.Relay.Certificates;

/// <summary>
/// The four files of the relay's certificate folder. Files are only ever created new (never
/// overwritten); private keys are created owner-only (0600) so they are never readable by others,
/// not even for an instant.
/// </summary>
internal sealed class CertificateFiles(string directory)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Public = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public string Directory { get; } = Path.GetFullPath(directory);

    public string CaCertificate => Path.Combine(Directory, "ca.crt");

    public string CaKey => Path.Combine(Directory, "ca.key");

    public string ServerCertificate => Path.Combine(Directory, "server.crt");

    public string ServerKey => Path.Combine(Directory, "server.key");

    public IEnumerable<string> All => [CaCertificate, CaKey, ServerCertificate, ServerKey];

    public static string NameOf(string path) => Path.GetFileName(path);

    public void EnsureDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, OwnerOnly | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    /// <summary>Writes a new file; throws <see cref="IOException"/> if it exists already.</summary>
    public static void WriteNew(string path, string contents, bool isPrivate)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = isPrivate ? OwnerOnly : Public;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(contents);
    }

    /// <summary>Moves a file aside as <c>name.yyyyMMddTHHmmssZ</c> (plus a counter if taken); never overwrites.</summary>
    public static string MoveAside(string path, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var target = $"{path}.{stamp}";
        for (var i = 1; File.Exists(target); i++)
        {
            target = $"{path}.{stamp}-{i}";
        }

        File.Move(path, target, overwrite: false);
        return target;
    }
}
