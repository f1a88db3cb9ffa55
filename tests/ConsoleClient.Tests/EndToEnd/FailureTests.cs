using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>
/// Every failure a person can meet ends the program with one clear line on standard error, its documented
/// exit code, and no stack trace.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class FailureTests(RelayFixture relay) : IClassFixture<RelayFixture>
{
    [Fact]
    public async Task WrongPassword_ExitsWithTwo()
    {
        var frank = await Person.InitAsync(relay, "frank");

        var result = await PychatProcess.RunAsync(frank.Home, "not the password", "", "rooms");

        ShouldFailWith(result, ExitCode.WrongPassword, "Wrong password");
    }

    [Fact]
    public async Task UnknownRoom_ExitsWithSix()
    {
        var gina = await Person.InitAsync(relay, "gina");

        var result = await gina.RunAsync("send", "nowhere", "hello?");

        ShouldFailWith(result, ExitCode.UnknownRoom, "No active room is called 'nowhere'");
    }

    [Fact]
    public async Task TakenName_ExitsWithSeven_AndKeepsNoUselessKey()
    {
        await Person.InitAsync(relay, "hank");
        var impostorHome = relay.NewHome("hank-impostor");

        var result = await PychatProcess.RunAsync(impostorHome, Person.DefaultPassword, "",
            "init", "--user", "hank", "--relay", relay.RelayUri.ToString(), "--ca", relay.CaFile);

        ShouldFailWith(result, ExitCode.NameTaken, "'hank' is taken");
        File.Exists(Path.Combine(impostorHome, "identity.pem")).Should().BeFalse();
    }

    [Fact]
    public async Task ShortPassword_AtInit_IsAUsageError()
    {
        var result = await PychatProcess.RunAsync(relay.NewHome("ivy"), "short", "",
            "init", "--user", "ivy", "--relay", relay.RelayUri.ToString(), "--ca", relay.CaFile);

        ShouldFailWith(result, ExitCode.Usage, "at least 8 characters");
    }

    [Fact]
    public async Task NoPasswordAndNoTerminal_IsAUsageError_NotAHang()
    {
        var jack = await Person.InitAsync(relay, "jack");

        var result = await PychatProcess.RunAsync(jack.Home, password: null, "", "rooms");

        ShouldFailWith(result, ExitCode.Usage, "--password-stdin");
    }

    [Fact]
    public async Task ACaThatIsNotTheRelays_ExitsWithFour()
    {
        var kate = await Person.InitAsync(relay, "kate");
        var otherCa = await relay.ForeignCaFileAsync();

        var result = await kate.RunAsync("rooms", "--ca", otherCa);

        ShouldFailWith(result, ExitCode.CertificateNotTrusted, "not trusted");
    }

    [Fact]
    public async Task ClosedPort_ExitsWithThree()
    {
        var leo = await Person.InitAsync(relay, "leo");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var result = await leo.RunAsync("rooms", "--relay", $"wss://127.0.0.1:{port}/ws");

        ShouldFailWith(result, ExitCode.RelayUnreachable, $"127.0.0.1:{port}");
    }

    [Fact]
    public async Task NotInitialised_ExitsWithNine_AndSaysWhatToDo()
    {
        var result = await PychatProcess.RunAsync(relay.NewHome("nobody"), Person.DefaultPassword, "",
            "rooms", "--user", "nobody", "--relay", relay.RelayUri.ToString(), "--ca", relay.CaFile);

        ShouldFailWith(result, ExitCode.IdentityProblem, "pychat init");
    }

    [Fact]
    public async Task FullRoom_ExitsWithFive()
    {
        // Ten members through ClientLib in-process (cheaper than ten programs), then one more through pychat.
        var members = new List<PyChatClient>();
        var rooms = new List<ChatRoom>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                using var identity = IdentityKey.Generate();
                var client = await PyChatClient.ConnectAsync(relay.ClientOptions);
                members.Add(client);
                await client.RegisterAsync($"full-{i}", identity);
                rooms.Add(i == 0 ? await client.CreateRoomAsync("packed") : await client.JoinRoomAsync("packed"));
            }

            var mia = await Person.InitAsync(relay, "mia");
            var result = await mia.RunAsync("read", "packed", "--seconds", "1");

            ShouldFailWith(result, ExitCode.RoomFull, "'packed' is full");
        }
        finally
        {
            foreach (var client in members)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task UsageError_ExitsWithOne()
    {
        var result = await PychatProcess.RunAsync(relay.NewHome("usage"), null, "", "chat");

        ShouldFailWith(result, ExitCode.Usage, "Required argument 'ROOM' missing for command: 'chat'. Try 'pychat chat --help'.");
    }

    [Fact]
    public async Task ALineTooLongForOneMessage_IsRefusedPolitely_AndTheChatGoesOn_AndSendSaysSo()
    {
        var hana = await Person.InitAsync(relay, "hana");
        var ivan = await Person.InitAsync(relay, "ivan");
        var pasted = new string('z', ChatRoom.MaxMessageBytes + 100);

        await using var hanaChat = hana.Start("chat", "long-lines", "--create");
        await hanaChat.WaitForLineAsync("You are in long-lines");
        await using var ivanChat = ivan.Start("chat", "long-lines");
        await hanaChat.WaitForLineAsync(@"\* ivan joined");
        await hanaChat.WriteLineAsync(pasted);
        await hanaChat.WaitForLineAsync("^✗ The message is [0-9,]+ bytes long; one message holds at most");
        await hanaChat.WriteLineAsync("still here");
        await ivanChat.WaitForLineAsync("hana ✓ still here$");
        hanaChat.CloseInput();
        ivanChat.CloseInput();
        (await hanaChat.WaitForExitAsync()).ExitCode.Should().Be(ExitCode.Ok);
        (await ivanChat.WaitForExitAsync()).ExitCode.Should().Be(ExitCode.Ok);
        ivanChat.Output.Should().NotContain(line => line.Contains("zzzz"));

        var send = await hana.RunAsync("send", "long-lines", "--create", pasted);

        ShouldFailWith(send, ExitCode.Usage, "one message holds at most");
    }

    private static void ShouldFailWith(PychatResult result, ExitCode expected, string message)
    {
        result.ExitCode.Should().Be(expected, result.ToString());
        result.Error.Should().ContainSingle(result.ToString()).Which.Should().StartWith("pychat: ").And.Contain(message);
        result.Output.Concat(result.Error).Should().NotContain(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal), "no stack trace");
    }
}
