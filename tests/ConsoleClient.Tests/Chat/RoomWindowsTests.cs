using FluentAssertions;
using PyChat.Client;
using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Commands;
using PyChat.ConsoleClient.Rendering;
using PyChat.Protocol;

namespace PyChat.ConsoleClient.Tests.Chat;

/// <summary>Several rooms in one room view: <c>/join</c>, <c>/win</c>, <c>/leave</c>, <c>/rooms</c>, and the status in the prompt.</summary>
public sealed class RoomWindowsTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60); // bounds a hang, never a pass
    private readonly FakeChatRoom _lobby = new();
    private readonly FakeChatRoom _dev = new() { Name = "dev" };
    private readonly ScriptedLineInput _input = new();
    private readonly StringWriter _writer = new();
    private readonly FakeLobby _rooms;

    public RoomWindowsTests()
    {
        _rooms = new FakeLobby(_dev);
    }

    private string Output => _writer.ToString();

    private (RoomView View, Task<RoomExit> Run) Start()
    {
        var view = new RoomView(_lobby, _input, new PlainChatOutput(_writer), _rooms);
        return (view, view.RunAsync(CancellationToken.None));
    }

    /// <summary>The view in lobby, with dev joined and on screen.</summary>
    private async Task<(RoomView View, Task<RoomExit> Run)> StartInTwoRoomsAsync()
    {
        var started = Start();
        _input.Type("/join dev");
        await WaitFor(() => Output.Contains("── window 2: dev ──"));
        return started;
    }

    [Fact]
    public async Task Join_OpensASecondWindow_OnScreen_AndTypedTextGoesToIt()
    {
        var (view, run) = await StartInTwoRoomsAsync();
        _input.Type("hello dev");
        await WaitFor(() => _dev.Sent.Count == 1);

        _dev.Sent.Should().Equal("hello dev");
        _lobby.Sent.Should().BeEmpty();
        view.ActiveRoom.Should().BeSameAs(_dev);
        view.Status().Should().Be("1:lobby [2:dev]");
        _input.End();
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task LinesOfTheRoomNotOnScreen_AreKeptAndCounted_ThenShownInOrderOnSwitching()
    {
        var (view, run) = await StartInTwoRoomsAsync();

        _lobby.Push(RoomLine.Message(DateTimeOffset.Now, "bob", "first in lobby", verified: true));
        _lobby.Push(RoomLine.Message(DateTimeOffset.Now, "bob", "alice, look", verified: true) with { MentionsYou = true });
        await WaitFor(() => view.Status() == "1:lobby(2!) [2:dev]");
        Output.Should().NotContain("first in lobby", "the lobby is not on screen");

        _input.Type("/win 1");
        await WaitFor(() => Output.Contains("alice, look"));
        Output.Should().MatchRegex("── window 1: lobby ──\n.*first in lobby\n.*alice, look");
        view.Status().Should().Be("[1:lobby] 2:dev");

        _lobby.Push(RoomLine.Message(DateTimeOffset.Now, "bob", "now on screen", verified: true));
        await WaitFor(() => Output.Contains("now on screen"));
        _input.End();
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task Leave_ClosesTheWindowOnScreen_AndTheRoomIsLeft_TheLastLeaveEndsTheView()
    {
        var (view, run) = await StartInTwoRoomsAsync();

        _input.Type("/part");
        await WaitFor(() => Output.Contains("You left dev."));
        _dev.Left.Should().BeTrue();
        _dev.Disposed.Should().BeTrue("the view entered it, so the view lets it go");
        _lobby.Left.Should().BeFalse();
        view.ActiveRoom.Should().BeSameAs(_lobby);
        view.Status().Should().BeEmpty("one window and a good connection need no status");

        _input.Type("/leave");
        (await run.WaitAsync(Guard)).Should().Be(RoomExit.Left);
        _lobby.Left.Should().BeTrue();
    }

    [Fact]
    public async Task Quit_LeavesEveryRoom()
    {
        var (_, run) = await StartInTwoRoomsAsync();

        _input.Type("/quit");

        (await run.WaitAsync(Guard)).Should().Be(RoomExit.Quit);
        _lobby.Left.Should().BeTrue();
        _dev.Left.Should().BeTrue();
    }

    [Fact]
    public async Task JoinOfAnUnknownRoom_SaysHowToCreateIt_AndTheViewGoesOn_JoinOfAnOpenOneSwitchesToIt()
    {
        var (view, run) = Start();
        _input.Type("/join nowhere");
        await WaitFor(() => Output.Contains("No active room is called 'nowhere'. /create nowhere makes it"));

        _input.Type("/join dev");
        await WaitFor(() => Output.Contains("── window 2: dev ──"));
        _input.Type("/join lobby");
        await WaitFor(() => Output.Contains("── window 1: lobby ──"));
        view.ActiveRoom.Should().BeSameAs(_lobby);
        _rooms.Entered.Should().Equal("nowhere", "dev");

        _input.Type("/win 7");
        await WaitFor(() => Output.Contains("There are windows 1 to 2."));
        _input.End();
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task Rooms_ListsTheWindowsWithUnreadCounts_AndTheRelaysRooms()
    {
        var (view, run) = await StartInTwoRoomsAsync();
        _lobby.Push(RoomLine.Message(DateTimeOffset.Now, "bob", "unseen", verified: true));
        await WaitFor(() => view.Status() == "1:lobby(1) [2:dev]");

        _input.Type("/rooms");

        await WaitFor(() => Output.Contains("dev 2/10"));
        Output.Should().Contain("Your windows:\n  1 lobby: 1 unread\n  2 dev (on screen)");
        _input.End();
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task ConnectionTrouble_ShowsInTheStatus_OfSeveralWindows_OneWindowHasNoStatus()
    {
        var (view, run) = Start();
        await WaitFor(() => Output.Contains("You are in lobby"));
        _rooms.ConnectionTrouble = "reconnecting";
        view.Status().Should().BeEmpty("one room's lines say what happens to the connection");

        _input.Type("/join dev");
        await WaitFor(() => Output.Contains("── window 2: dev ──"));

        view.Status().Should().Be("1:lobby [2:dev] · reconnecting");
        _input.End();
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task AMessageNamingYou_InAWindowNotOnScreen_RingsAsItArrives_AndNotAgainWhenShown()
    {
        var screen = new BellCountingOutput(new PlainChatOutput(_writer));
        var view = new RoomView(_lobby, _input, screen, _rooms);
        var run = view.RunAsync(CancellationToken.None);
        _input.Type("/join dev");
        await WaitFor(() => Output.Contains("── window 2: dev ──"));

        _lobby.Push(RoomLine.Message(DateTimeOffset.Now, "bob", "alice, look", verified: true) with { MentionsYou = true });
        await WaitFor(() => screen.Bells == 1);
        Output.Should().NotContain("alice, look");

        _input.Type("/win 1");
        await WaitFor(() => Output.Contains("alice, look"));
        screen.Bells.Should().Be(1, "it rang when it arrived");
        _input.End();
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task WhileTheTerminalIsElsewhere_AMarkerComesBeforeTheFirstMessage_OncePerAbsence()
    {
        var (_, run) = Start();
        await WaitFor(() => Output.Contains("You are in lobby"));
        _input.LoseFocus();
        _lobby.Push(RoomLine.Message(DateTimeOffset.Now, "bob", "one", verified: true));
        _lobby.Push(RoomLine.Message(DateTimeOffset.Now, "bob", "two", verified: true));
        await WaitFor(() => Output.Contains("two"));
        _input.GainFocus();
        _lobby.Push(RoomLine.Message(DateTimeOffset.Now, "bob", "three", verified: true));
        await WaitFor(() => Output.Contains("three"));
        _input.LoseFocus();
        _lobby.Push(RoomLine.Event(DateTimeOffset.Now, "carol joined"));
        _lobby.Push(RoomLine.Message(DateTimeOffset.Now, "bob", "four", verified: true));
        await WaitFor(() => Output.Contains("four"));

        var marker = WindowOutput.AwayMarker;
        Output.Should().MatchRegex($"{marker}\n.*one\n.*two\n.*three\n.*carol joined\n{marker}\n.*four");
        Output.Split(marker).Should().HaveCount(3, "one marker for each time the window was elsewhere");
        _input.End();
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task ARoomThatEnds_WhileTheConnectionGoesOn_ClosesOnlyItsWindow_AndTypingGoesOn()
    {
        var (view, run) = await StartInTwoRoomsAsync();

        _dev.Disconnect(new PyChatRelayException(ErrorCode.UnknownRoom, "no such room any more"));
        await WaitFor(() => Output.Contains("You are no longer in dev: The relay refused the request: UnknownRoom (no such room any more).\n"));
        _input.Type("still here");
        await WaitFor(() => _lobby.Sent.Count == 1);

        view.ActiveRoom.Should().BeSameAs(_lobby);
        _lobby.Sent.Should().Equal("still here");
        _input.End();
        (await run.WaitAsync(Guard)).Should().Be(RoomExit.Quit);
    }

    [Fact]
    public async Task ARoomThatEnds_OutOfSight_IsSaidOnScreen_AndTheScreenStaysWhereItIs()
    {
        var (view, run) = await StartInTwoRoomsAsync();
        _input.Type("/win 1");
        await WaitFor(() => Output.Contains("── window 1: lobby ──"));

        _dev.Disconnect(new PyChatRelayException(ErrorCode.UnknownRoom, "gone"));
        await WaitFor(() => Output.Contains("You are no longer in dev:"));

        view.ActiveRoom.Should().BeSameAs(_lobby);
        Output.Split("── window 1: lobby ──").Should().HaveCount(2, "the room on screen did not change, so no heading repeats");
        view.Status().Should().BeEmpty("one window is left");
        _input.End();
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task ARoomThatEnds_WithTheConnectionClosedForGood_EndsTheView()
    {
        var (_, run) = await StartInTwoRoomsAsync();

        _rooms.ConnectionClosed = true;
        _dev.Disconnect(new CommandFailedException(ExitCode.RelayUnreachable, "closed for good"));
        var ending = () => run.WaitAsync(Guard);

        (await ending.Should().ThrowAsync<CommandFailedException>()).Which.Message.Should().Be("closed for good");
    }

    [Fact]
    public async Task Rooms_WhenTheRelayCannotList_SaysSo_AndPart_WhenTheRelayRefusesTheLeave_StillClosesTheWindow()
    {
        var (view, run) = await StartInTwoRoomsAsync();
        _rooms.ListFailure = new PyChatRelayException(ErrorCode.RateLimited, "slow down");
        _input.Type("/rooms");
        await WaitFor(() => Output.Contains("The relay's rooms could not be listed: The relay refused the request: RateLimited (slow down).\n"));

        _dev.LeaveFailure = new PyChatRelayException(ErrorCode.NotMember, "not a member");
        _input.Type("/part");
        await WaitFor(() => Output.Contains("You left dev; the relay did not confirm it: The relay refused the request: NotMember (not a member).\n"));

        view.ActiveRoom.Should().BeSameAs(_lobby);
        _input.End();
        (await run.WaitAsync(Guard)).Should().Be(RoomExit.Quit);
    }

    private async Task WaitFor(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!condition())
        {
            try
            {
                await Task.Delay(10, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"Not within {Guard}. The view wrote:\n{Output}");
            }
        }
    }

    /// <summary>Counts the bells a terminal would ring: <see cref="RichChatOutput"/>'s rule, on plain output.</summary>
    private sealed class BellCountingOutput(IChatOutput inner) : IChatOutput
    {
        private int _bells;

        public int Bells => Volatile.Read(ref _bells);

        public void Write(RoomLine line)
        {
            if (line.MentionsYou && !line.RangAlready)
            {
                Interlocked.Increment(ref _bells);
            }

            inner.Write(line);
        }

        public void WriteRooms(IReadOnlyList<RoomRow> rooms) => inner.WriteRooms(rooms);

        public void WriteMembers(string room, IReadOnlyList<MemberRow> members) => inner.WriteMembers(room, members);

        public void Ring() => Interlocked.Increment(ref _bells);
    }

    private sealed class FakeLobby(params FakeChatRoom[] rooms) : IRoomLobby
    {
        public List<string> Entered { get; } = [];

        public string? ConnectionTrouble { get; set; }

        public bool ConnectionClosed { get; set; }

        public Exception? ListFailure { get; set; }

        public Task<IChatRoom> EnterAsync(string room, bool create, CancellationToken cancellationToken)
        {
            Entered.Add(room);
            return rooms.FirstOrDefault(r => r.Name == room) is { } found
                ? Task.FromResult<IChatRoom>(found)
                : Task.FromException<IChatRoom>(new CommandFailedException(ExitCode.UnknownRoom, $"No active room is called '{room}'."));
        }

        public Task<IReadOnlyList<RoomRow>> ListRoomsAsync(CancellationToken cancellationToken) =>
            ListFailure is not null
                ? Task.FromException<IReadOnlyList<RoomRow>>(ListFailure)
                : Task.FromResult<IReadOnlyList<RoomRow>>([new RoomRow("lobby", 2, 10), new RoomRow("dev", 2, 10)]);

        public RoomOutput OutputFor(IChatRoom room, IChatOutput window) => new(window, room.Self, false, forPeople: true, TimeProvider.System);
    }
}
