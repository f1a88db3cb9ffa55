using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Chat;

/// <summary>A room without a relay: the test pushes lines in and reads what the view did.</summary>
internal sealed class FakeChatRoom : IChatRoom
{
    private readonly Channel<RoomLine> _events = Channel.CreateUnbounded<RoomLine>();
    private Exception? _failure;

    public string Name { get; init; } = "lobby";

    public string Self => "alice";

    public List<MemberRow> MemberList { get; } =
    [
        new("alice", IsHub: true, IsSelf: true, KeyChanged: false, "aa11"),
        new("bob", IsHub: false, IsSelf: false, KeyChanged: true, "bb22"),
    ];

    public IReadOnlyList<MemberRow> Members => MemberList;

    public bool HasKey { get; set; } = true;

    public List<KeyEpochRow> Keys { get; } = [];

    public IReadOnlyList<KeyEpochRow> KeyHistory => Keys;

    /// <summary>When set, the next send fails with it, as ClientLib's does when the relay refuses a message.</summary>
    public Exception? SendFailure { get; set; }

    public List<string> Sent { get; } = [];

    public List<string> Trusted { get; } = [];

    public bool Left { get; private set; }

    public void Push(RoomLine line) => _events.Writer.TryWrite(line);

    /// <summary>The connection ends: the event stream completes with <paramref name="failure"/>.</summary>
    public void Disconnect(Exception failure)
    {
        _failure = failure;
        _events.Writer.TryComplete();
    }

    public async IAsyncEnumerable<RoomLine> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in _events.Reader.ReadAllAsync(cancellationToken))
        {
            yield return line;
        }

        if (_failure is not null)
        {
            throw _failure;
        }
    }

    /// <summary>When set, every send completes only when the test completes this (the relay's acknowledgement is slow).</summary>
    public TaskCompletionSource? Acknowledgements { get; set; }

    /// <summary>When set, sends fail as ClientLib's do while this member's changed key is not trusted.</summary>
    public string? HeldBy { get; set; }

    public Task SendAsync(string text, CancellationToken cancellationToken)
    {
        if (HeldBy is not null)
        {
            throw new PyChat.Client.PyChatSendsHeldException(Name, [HeldBy]);
        }

        if (SendFailure is { } failure)
        {
            SendFailure = null;
            return Task.FromException(failure);
        }

        Sent.Add(text);
        HasKey = true;
        return Acknowledgements?.Task ?? Task.CompletedTask;
    }

    /// <summary>When set, leaving fails with it (after the room is left on this side, as ClientLib's does).</summary>
    public Exception? LeaveFailure { get; set; }

    public Task LeaveAsync(CancellationToken cancellationToken)
    {
        Left = true;
        return LeaveFailure is null ? Task.CompletedTask : Task.FromException(LeaveFailure);
    }

    public string SafetyNumberWith(string member) => "12345 67890 12345 67890";

    public Task TrustAsync(string member, CancellationToken cancellationToken)
    {
        Trusted.Add(member);
        HeldBy = null;
        return Task.CompletedTask;
    }

    public bool Disposed { get; private set; }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
