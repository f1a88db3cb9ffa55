using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Relay.Tests.Admission;

public sealed class StartupFailureTests
{
    [Fact]
    public async Task Start_WhenTheDataFolderCannotBeCreated_EndsWithOneLineNamingIt()
    {
        using var folder = new TempDirectory();
        // Root ignores file modes, not the file system: a folder cannot be made inside a regular file.
        var notAFolder = folder.File("not-a-folder");
        await File.WriteAllTextAsync(notAFolder, string.Empty);

        var (exitCode, output) = await RelayProcess.RunToExitAsync(folder, 4096, "--Relay:DataDirectory", Path.Combine(notAFolder, "data"));

        exitCode.Should().Be(1, output);
        OneLineFailure(output).Should().Contain(notAFolder);
    }

    [Fact]
    public async Task Start_WhenThePortIsInUse_EndsWithOneLineNamingIt()
    {
        using var folder = new TempDirectory();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var (exitCode, output) = await RelayProcess.RunToExitAsync(folder, 4096, "--urls", $"https://127.0.0.1:{port}");

        exitCode.Should().Be(1, output);
        OneLineFailure(output).Should().Contain($"127.0.0.1:{port}").And.Contain("in use");
    }

    /// <summary>The single "cannot start" line, after checking there is no stack trace anywhere.</summary>
    private static string OneLineFailure(string output)
    {
        output.Should().NotContain("   at ", "a failed start is one line, not a stack trace");
        return output.Split('\n').Should().ContainSingle(line => line.StartsWith("The relay cannot start: ", StringComparison.Ordinal)).Which;
    }
}
