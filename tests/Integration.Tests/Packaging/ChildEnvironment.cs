namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// The environment of a program a packaging test starts: the test runner's own, less what would make the child
/// something other than what a person gets at a shell prompt, plus the test's settings.
/// </summary>
internal sealed class ChildEnvironment
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    /// <summary>For the dotnet CLI: no MSBuild node outlives the command (it would hold the test's pipes open).</summary>
    public static ChildEnvironment ForDotnet() => new ChildEnvironment().Set("MSBUILDDISABLENODEREUSE", "1");

    /// <summary>
    /// For the dotnet CLI installing PyChat's packages: NuGet's package folder is <paramref name="nugetPackages"/>,
    /// empty at first, so a package of the same version from an earlier run can never satisfy the restore.
    /// </summary>
    public static ChildEnvironment ForDotnet(string nugetPackages) => ForDotnet().Set("NUGET_PACKAGES", nugetPackages);

    /// <summary>For pychat: no home, password or timeout from the machine; a timeout that only bounds a hang on a busy machine.</summary>
    public static ChildEnvironment ForPychat(string? password) => new ChildEnvironment()
        .Set("PYCHAT_HOME", null)
        .Set("PYCHAT_PASSWORD", password)
        .Set("PYCHAT_TIMEOUT", "60");

    /// <summary>Sets <paramref name="name"/>, or removes it when <paramref name="value"/> is null.</summary>
    public ChildEnvironment Set(string name, string? value)
    {
        _settings[name] = value;
        return this;
    }

    public void ApplyTo(IDictionary<string, string?> environment)
    {
        // The test runner was started by MSBuild (dotnet test), which leaves its own paths in the environment
        // (MSBuildExtensionsPath, MSBuildSDKsPath, ...): a child build would load that MSBuild's pieces, not its own.
        foreach (var inherited in environment.Keys.Where(key => key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(inherited);
        }

        foreach (var (name, value) in _settings)
        {
            if (value is null)
            {
                environment.Remove(name);
            }
            else
            {
                environment[name] = value;
            }
        }
    }
}
