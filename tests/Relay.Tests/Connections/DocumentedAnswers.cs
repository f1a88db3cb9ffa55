using System.Buffers.Binary;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Relay.Tests.Connections;

/// <summary>
/// What docs/PROTOCOL.md (§3 answers, §5 rooms, §7 errors) promises a logged-in client for any bytes it
/// sends, worked out from the bytes alone and the rooms the client is in, which it follows from the
/// answers. Frames must be checked in the order they were sent: the relay answers in that order.
/// </summary>
/// <param name="maxFrameBytes">The relay's frame limit.</param>
/// <param name="loggedIn">Whether the client is logged in; if not, it never will be (its signatures are not real).</param>
internal sealed class DocumentedAnswers(int maxFrameBytes, bool loggedIn = true)
{
    public const string Unanswered = "(no answer)";

    // §4: five refused Register/Login attempts on one connection close it with 4003.
    private const int MaxFailedLogins = 5;

    private readonly HashSet<string> _rooms = new(StringComparer.Ordinal);
    private int _failedLogins;

    /// <summary>Whether the last answer checked is followed by a new Hello (a refused login attempt, §4).</summary>
    public bool HelloFollows { get; private set; }

    /// <summary>Whether the last answer checked is followed by the relay closing the connection (4003, §4).</summary>
    public bool CloseFollows { get; private set; }

    /// <summary>How many frames got each kind of answer ("Error:Malformed", "RoomJoined", …).</summary>
    public SortedDictionary<string, int> Tally { get; } = new(StringComparer.Ordinal);

    /// <summary>Every answer kind the documentation allows for a frame from a logged-in client.</summary>
    public static IReadOnlySet<string> Documented { get; } = new HashSet<string>(
        [Unanswered, nameof(OkFrame), nameof(RoomListFrame), nameof(RoomJoinedFrame), nameof(PublishedFrame), nameof(RoomResumedFrame), .. Enum.GetNames<ErrorCode>().Select(c => $"Error:{c}")],
        StringComparer.Ordinal);

    /// <summary>Whether the relay answers <paramref name="frame"/>: since pychat.v2 every frame is (a Publish with Published).</summary>
#pragma warning disable CA1822 // kept as the one place that says which frames are answered
    public bool IsAnswered(byte[] frame) => frame is not null;
#pragma warning restore CA1822

    /// <summary>The connection closed: the relay took it out of every room.</summary>
    public void ConnectionClosed(int? closeCode)
    {
        _rooms.Clear();
        _failedLogins = 0;
        Count($"Close:{closeCode}");
    }

    /// <summary>Null if <paramref name="answer"/> is what the documentation says <paramref name="frame"/> gets; otherwise what is wrong.</summary>
    public string? Check(byte[] frame, Frame answer)
    {
        Count(answer is ErrorFrame error ? $"Error:{error.Code}" : answer.GetType().Name);
        HelloFollows = CloseFollows = false;
        if (frame.Length > maxFrameBytes)
        {
            return ExpectError(answer, 0, ErrorCode.FrameTooLarge);
        }

        Frame decoded;
        try
        {
            decoded = Frame.Decode(frame);
        }
        catch (FrameFormatException e)
        {
            return ExpectError(answer, RequestIdOf(frame), e.Code);
        }

        return decoded switch
        {
            _ when ((byte)decoded.Type & 0x80) == 0 => ExpectError(answer, 0, ErrorCode.Malformed), // wrong direction
            RegisterFrame or LoginFrame when loggedIn => ExpectError(answer, RequestIdOf(frame), ErrorCode.AlreadyAuthenticated),
            RegisterFrame or LoginFrame => ExpectRefusedLogin(answer, RequestIdOf(frame)),
            _ when !loggedIn => ExpectError(answer, RequestIdOf(frame), ErrorCode.NotAuthenticated),
            ListRoomsFrame list => answer is RoomListFrame rooms && rooms.RequestId == list.RequestId ? null : $"expected RoomList, got {answer}",
            CreateRoomFrame create => ExpectEntry(answer, create, ErrorCode.InvalidName, ErrorCode.InvalidKey, ErrorCode.RoomExists, ErrorCode.AlreadyMember, ErrorCode.TooManyRooms),
            JoinRoomFrame join => ExpectEntry(answer, join, ErrorCode.InvalidName, ErrorCode.InvalidKey, ErrorCode.UnknownRoom, ErrorCode.RoomFull, ErrorCode.AlreadyMember, ErrorCode.TooManyRooms),
            LeaveRoomFrame leave => ExpectLeave(answer, leave),
            PublishFrame publish when _rooms.Contains(publish.Room) =>
                answer is PublishedFrame published && published.RequestId == publish.RequestId ? null : $"expected Published, got {answer}",
            PublishFrame publish => ExpectError(answer, publish.RequestId, Names.IsValid(publish.Room) ? ErrorCode.NotMember : ErrorCode.InvalidName),
            ResumeRoomFrame resume => ExpectError(answer, resume.RequestId, ErrorCode.InvalidName, ErrorCode.ResumeGap, ErrorCode.UnknownRoom, ErrorCode.NotMember, ErrorCode.AlreadyMember),
            _ => $"no answer is documented for {decoded}",
        };
    }

    /// <summary>The request id an Error carries for a refused frame: the u32 after the type byte of a request, 0 when there is none.</summary>
    private static uint RequestIdOf(byte[] frame) =>
        frame.Length >= 5 && (FrameType)frame[0] is FrameType.Register or FrameType.Login or FrameType.ListRooms
            or FrameType.CreateRoom or FrameType.JoinRoom or FrameType.LeaveRoom or FrameType.ResumeRoom or FrameType.Publish
            ? BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1))
            : 0;

    private string? ExpectRefusedLogin(Frame answer, uint requestId)
    {
        CloseFollows = ++_failedLogins >= MaxFailedLogins;
        HelloFollows = !CloseFollows;
        return ExpectError(answer, requestId, ErrorCode.RateLimited, ErrorCode.InvalidName, ErrorCode.InvalidKey, ErrorCode.AuthenticationFailed);
    }

    private string? ExpectEntry(Frame answer, RoomEntryFrame entry, params ErrorCode[] refusals)
    {
        if (answer is RoomJoinedFrame joined && joined.RequestId == entry.RequestId && joined.Room == entry.Room)
        {
            return _rooms.Add(entry.Room) ? null : $"entered {entry.Room} twice";
        }

        return ExpectError(answer, entry.RequestId, refusals);
    }

    private string? ExpectLeave(Frame answer, LeaveRoomFrame leave)
    {
        if (_rooms.Remove(leave.Room))
        {
            return answer is OkFrame ok && ok.RequestId == leave.RequestId ? null : $"expected Ok, got {answer}";
        }

        return ExpectError(answer, leave.RequestId, Names.IsValid(leave.Room) ? ErrorCode.NotMember : ErrorCode.InvalidName);
    }

    private static string? ExpectError(Frame answer, uint requestId, params ErrorCode[] codes) =>
        answer is ErrorFrame error && error.RequestId == requestId && codes.Contains(error.Code)
            ? null
            : $"expected Error {string.Join(" or ", codes)} for request {requestId}, got {answer}";

    private static Frame? TryDecode(byte[] frame)
    {
        try
        {
            return Frame.Decode(frame);
        }
        catch (FrameFormatException)
        {
            return null;
        }
    }

    private void Count(string kind) => Tally[kind] = Tally.GetValueOrDefault(kind) + 1;
}
