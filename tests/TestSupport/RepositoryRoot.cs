namespace PyChat.TestSupport;

/// <summary>The clone the tests were built from, for tests that read its documents or build parts of it.</summary>
public static class RepositoryRoot
{
    /// <summary>The full path of the folder holding PyChat.sln, found above the test binaries.</summary>
    public static string Path { get; } = Find();

    /// <summary>The full path of the given parts inside the repository.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "PyChat.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PyChat.sln not found above the test binaries");
    }
}
