using FluentAssertions;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// deploy/systemd/pychat-relay.service, checked by systemd's own tools offline (no systemd needs to run here).
/// systemd-analyze refuses a unit whose ExecStart is not an executable file, so the unit is checked as a copy whose
/// ExecStart names a real one, in a folder of its own; every other line is the shipped file's.
/// </summary>
public sealed class SystemdUnitTests : IDisposable
{
    private const string ShippedExecStart = "ExecStart=/opt/pychat-relay/PyChat.Relay";
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task Unit_VerifiedBySystemdAnalyze_ReportsNothing()
    {
        var unit = CopyOfUnit();

        var result = await ExternalTool.RunAsync("systemd-analyze", ["verify", unit]);

        result.ExitCode.Should().Be(0, result.ToString());
        (result.StandardOutput + result.StandardError).Trim().Should().BeEmpty("an unknown key, a bad value or a missing binary is reported here");
    }

    [Fact]
    public async Task Unit_SecurityExposure_IsAtMostTwoOfTen()
    {
        var unit = CopyOfUnit();

        // Exposure is 0 (locked down) to 10 (unprotected), and --threshold counts tenths: the sandbox options are all in force.
        var result = await ExternalTool.RunAsync("systemd-analyze", ["security", "--offline=yes", "--threshold=20", unit]);

        result.ExitCode.Should().Be(0, result.ToString());
    }

    public void Dispose() => _folder.Dispose();

    private string CopyOfUnit()
    {
        var shipped = File.ReadAllText(RepositoryRoot.Combine("deploy", "systemd", "pychat-relay.service"));
        shipped.Should().Contain(ShippedExecStart);
        var executable = _folder.File("PyChat.Relay");
        File.WriteAllText(executable, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var unit = _folder.File("pychat-relay.service");
        File.WriteAllText(unit, shipped.Replace(ShippedExecStart, "ExecStart=" + executable, StringComparison.Ordinal));
        return unit;
    }
}
