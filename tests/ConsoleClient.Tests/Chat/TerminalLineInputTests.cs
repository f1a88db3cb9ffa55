using System.Collections.Concurrent;
using FluentAssertions;
using PyChat.ConsoleClient.Chat;

namespace PyChat.ConsoleClient.Tests.Chat;

public sealed class TerminalLineInputTests
{
    private readonly ScriptedKeyboard _keyboard = new();
    private readonly StringWriter _screen = new();

    private TerminalLineInput Create(int width = 40) => new(_keyboard, _screen, () => width);

    [Fact]
    public async Task TypedKeys_WithBackspace_MakeTheLine()
    {
        _keyboard.Type("helo");
        _keyboard.Press(ConsoleKey.Backspace);
        _keyboard.Type("lo");
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await Create().ReadLineAsync(CancellationToken.None)).Should().Be("hello");
        _screen.ToString().Should().Contain("> hel").And.EndWith("\r", "the line is erased once sent");
    }

    [Fact]
    public async Task Interrupted_WhileTyping_TheLineIsErased_SoTheNextOutputStartsALine()
    {
        _keyboard.Type("half a li");
        using var interrupt = new CancellationTokenSource();
        var input = Create();
        var read = input.ReadLineAsync(interrupt.Token);
        await WaitUntil(() => _screen.ToString().Contains("> half a li", StringComparison.Ordinal));

        await interrupt.CancelAsync();

        await read.Awaiting(r => r).Should().ThrowAsync<OperationCanceledException>();
        _screen.ToString().Should().EndWith("> half a li" + "\r" + new string(' ', 39) + "\r");
        input.BeforeWrite();
        input.AfterWrite();
        _screen.ToString().Should().EndWith("\r", "an input that ended is not drawn again");
    }

    [Fact]
    public async Task Escape_ClearsTheLine()
    {
        _keyboard.Type("oops");
        _keyboard.Press(ConsoleKey.Escape, '\u001b');
        _keyboard.Type("ok");
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await Create().ReadLineAsync(CancellationToken.None)).Should().Be("ok");
    }

    [Fact]
    public async Task CtrlD_OnAnEmptyLine_IsEndOfInput()
    {
        _keyboard.Press(ConsoleKey.D, '\u0004', control: true);

        (await Create().ReadLineAsync(CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task OutputWrittenWhileTyping_ErasesAndRedrawsTheInputLine()
    {
        var input = Create();
        _keyboard.Type("half");
        var reading = input.ReadLineAsync(CancellationToken.None);
        await WaitUntil(() => _screen.ToString().Contains("> half", StringComparison.Ordinal));

        input.BeforeWrite();
        _screen.WriteLine("12:00:00 bob ✓ hi");
        input.AfterWrite();
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await reading.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be("half");
        _screen.ToString().Should().Contain("\r                                       \r12:00:00 bob ✓ hi\n> half");
    }

    [Fact]
    public async Task ALongLine_ScrollsSideways_InsteadOfWrapping()
    {
        _keyboard.Type(new string('x', 30) + "END");
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await Create(width: 20).ReadLineAsync(CancellationToken.None)).Should().HaveLength(33);
        _screen.ToString().Split('\r').Should().OnlyContain(segment => segment.Length <= 19);
        _screen.ToString().Should().Contain("> …" + new string('x', 13) + "END");
    }

    [Fact]
    public async Task Cancellation_StopsWaitingForKeys()
    {
        using var cancel = new CancellationTokenSource();
        var reading = Create().ReadLineAsync(cancel.Token);
        await cancel.CancelAsync();

        var wait = () => reading.WaitAsync(TimeSpan.FromSeconds(60));
        await wait.Should().ThrowAsync<OperationCanceledException>();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private sealed class ScriptedKeyboard : IKeyboard
    {
        private readonly ConcurrentQueue<ConsoleKeyInfo> _keys = new();

        public bool KeyAvailable => !_keys.IsEmpty;

        public ConsoleKeyInfo ReadKey() => _keys.TryDequeue(out var key) ? key : throw new InvalidOperationException("no key");

        public void Type(string text)
        {
            foreach (var c in text)
            {
                _keys.Enqueue(new ConsoleKeyInfo(c, ConsoleKey.A, shift: false, alt: false, control: false));
            }
        }

        public void Press(ConsoleKey key, char c = '\0', bool control = false) =>
            _keys.Enqueue(new ConsoleKeyInfo(c, key, shift: false, alt: false, control));
    }
}
