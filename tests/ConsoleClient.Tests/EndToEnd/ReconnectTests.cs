using FluentAssertions;
using PyChat.TestSupport;
using PyChat.TestSupport.Network;
using PyChat.TestSupport.Relays;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>
/// Two people chatting in real terminals when the connection goes (issue 10 point 7): the relay process is killed and
/// started again, or one person's network is cut. The screen says what happens, what is being typed stays, what was
/// sent meanwhile gets its ✓ once the room has resumed, and what was said meanwhile arrives marked caught up.
/// Reconnect delays are pychat's defaults (1 s first, then longer).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ReconnectTests : IAsyncLifetime
{
    private const string Time = @"^\d\d:\d\d:\d\d ";
    private const string Reconnecting = Time + @"! connection lost — reconnecting, attempt \d+ in \d+ s…$";
    private readonly TempDirectory _folder = new();
    private readonly List<IAsyncDisposable> _running = [];
    private RelayProcess _relay = null!;

    public async Task InitializeAsync() => _relay = await RelayProcess.StartAsync(_folder, 4096);

    public async Task DisposeAsync()
    {
        foreach (var running in Enumerable.Reverse(_running))
        {
            await running.DisposeAsync();
        }

        await _relay.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task RelayKilledAndRestarted_TheScreenSaysSo_TheLineBeingTypedStays_AndWhatWasSentMeanwhileArrives()
    {
        var (alice, bob) = await TwoInALobbyAsync(bobsRelay: null);
        await WithBothScreensAsync(alice, bob, async () =>
        {
            await _relay.KillAsync();
            await alice.WaitForLineAsync(Reconnecting);
            await bob.WaitForLineAsync(Reconnecting);
            await bob.TypeAsync("sent while the relay was down");
            await bob.PressEnterAsync();
            await bob.TypeAsync("typed across the reconn");
            await bob.WaitForLineAsync("^> typed across the reconn$");
            (await bob.ScreenAsync()).Should().NotContain("bob ✓ sent while the relay was down", "no relay is there to acknowledge it");

            await _relay.RestartAsync();
            foreach (var person in new[] { alice, bob })
            {
                await person.WaitForLineAsync(Time + @"\* connected again$");
                await person.WaitForLineAsync(Time + @"\* back; (nothing missed|\d+ messages? caught up)$");
            }

            await bob.WaitForLineAsync(Time + "bob ✓ sent while the relay was down$"); // acknowledged after the resume
            await alice.WaitForLineAsync(Time + @"bob ✓ sent while the relay was down( \(caught up\))?$");

            // The input line was erased and drawn again under every line since; what was typed is still on it.
            await bob.WaitForLineAsync(@"\* back; [^\n]*\n(?:[^\n]*\n)*> typed across the reconn$");
            await bob.TypeAsync("ect");
            await bob.PressEnterAsync();
            await alice.WaitForLineAsync(Time + "bob ✓ typed across the reconnect$");
            await bob.WaitForLineAsync(Time + "bob ✓ typed across the reconnect$");
        });
    }

    [Fact]
    public async Task NetworkCutWhileTheOtherSpeaks_TheMessageArrivesLate_AtItsSendTime_MarkedCaughtUp()
    {
        // Bob's connection runs through a proxy that can cut it and hold the next one, as a dead Wi-Fi would.
        var proxy = new TcpProxy(() => _relay.WebSocketUri);
        _running.Add(proxy);
        var (alice, bob) = await TwoInALobbyAsync(bobsRelay: proxy.Uri);
        await WithBothScreensAsync(alice, bob, async () =>
        {
            proxy.Freeze();
            proxy.Reset();
            await bob.WaitForLineAsync(Reconnecting);
            await alice.TypeAsync("said while bob was away");
            await alice.PressEnterAsync();
            var sent = await alice.WaitForLineAsync(Time + "alice ✓ said while bob was away$"); // in the room's order now
            proxy.Thaw();

            var connected = await bob.WaitForLineAsync(Time + @"\* connected again$");
            var caughtUp = await bob.WaitForLineAsync(Time + @"alice ✓ said while bob was away \(caught up\)$");
            await bob.WaitForLineAsync(Time + @"\* back; 1 message caught up$");

            // Shown at the time alice sent it (whole seconds, a moment after she pressed Enter), from before bob was back.
            string.CompareOrdinal(caughtUp[..8], sent[..8]).Should().BeGreaterThanOrEqualTo(0, $"{caughtUp} is not before {sent}");
            string.CompareOrdinal(caughtUp[..8], connected[..8]).Should().BeLessThanOrEqualTo(0, $"{caughtUp} is not after {connected}");
            (await alice.ScreenAsync()).Should().NotContain("reconnecting", "only bob's connection was cut");
        });
    }

    [Fact]
    public async Task LoggedInElsewhere_TheLastLineSaysTheConnectionIsClosedForGood_AndPychatEnds()
    {
        var (_, bob) = await TwoInALobbyAsync(bobsRelay: null);
        var bobAgain = new Person("bob", Home("bob"), Person.DefaultPassword);

        // A newer login of the same user closes the older connection (4002): retrying would only fight it.
        (await bobAgain.RunAsync("rooms")).ExitCode.Should().Be(ExitCode.Ok);

        await bob.WaitForLineAsync("connection closed for good, not reconnecting: ");
        (await bob.WaitForExitAsync()).Should().Be(ExitCode.RelayUnreachable);
        var screen = await bob.ScreenAsync();
        screen.Should().Contain("pychat: You logged in somewhere else; this session was closed.").And.NotContain("reconnecting, attempt");
    }

    /// <summary>Alice creates the lobby, Bob joins it; both have the room key once Bob's first message got through.</summary>
    private async Task<(TerminalSession Alice, TerminalSession Bob)> TwoInALobbyAsync(Uri? bobsRelay)
    {
        var alicePerson = await Person.InitAsync(Home("alice"), _relay.WebSocketUri, _relay.CaCertificatePath, "alice");
        var bobPerson = await Person.InitAsync(Home("bob"), _relay.WebSocketUri, _relay.CaCertificatePath, "bob");

        var alice = await alicePerson.StartInTerminalAsync("chat", "lobby", "--create");
        _running.Add(alice);
        await alice.WaitForLineAsync("^You are in lobby");
        var bob = await bobPerson.StartInTerminalAsync(bobsRelay is null ? ["chat", "lobby"] : ["chat", "lobby", "--relay", bobsRelay.ToString()]);
        _running.Add(bob);
        await bob.WaitForLineAsync(@"^You are in lobby with alice \(key hub\)\.");
        await alice.WaitForLineAsync(Time + @"\* bob joined");

        await bob.TypeAsync("hello alice");
        await bob.PressEnterAsync();
        await alice.WaitForLineAsync(Time + "bob ✓ hello alice$");
        await bob.WaitForLineAsync(Time + "bob ✓ hello alice$");
        return (alice, bob);
    }

    /// <summary>A failure shows both screens: what one person missed is often explained by what the other one saw.</summary>
    private static async Task WithBothScreensAsync(TerminalSession alice, TerminalSession bob, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException(
                $"{e.Message}\n--- alice's screen:\n{await alice.ScreenAsync()}\n--- bob's screen:\n{await bob.ScreenAsync()}", e);
        }
    }

    private string Home(string name) => Directory.CreateDirectory(_folder.Combine("homes", name)).FullName;
}
