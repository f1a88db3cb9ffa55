using FluentAssertions;
using PyChat.ConsoleClient.Commands;
using PyChat.ConsoleClient.Identity;
using Spectre.Console.Testing;

namespace PyChat.ConsoleClient.Tests.Identity;

public sealed class PasswordSourceTests
{
    private readonly TestConsole _console = new();

    [Fact]
    public async Task PasswordStdin_ReadsTheFirstLine_AndLeavesTheRest()
    {
        var input = new StringReader("correct horse\nhello\n");
        var source = new PasswordSource(_console, input, environmentValue: "ignored", fromInput: true);

        (await source.ReadExistingAsync(CancellationToken.None)).Should().Be("correct horse");
        input.ReadLine().Should().Be("hello", "the lines after the password are the chat");
    }

    [Fact]
    public async Task EnvironmentVariable_IsUsedWithoutPrompting()
    {
        var source = new PasswordSource(_console, TextReader.Null, environmentValue: "from-the-env", fromInput: false);

        (await source.ReadExistingAsync(CancellationToken.None)).Should().Be("from-the-env");
        _console.Output.Should().BeEmpty();
    }

    [Fact]
    public async Task WithoutTerminalOrGivenPassword_ItFailsInsteadOfHanging()
    {
        var source = new PasswordSource(_console, TextReader.Null, environmentValue: null, fromInput: false);

        await source.Awaiting(s => s.ReadExistingAsync(CancellationToken.None)).Should().ThrowAsync<UsageException>().WithMessage("*--password-stdin*PYCHAT_PASSWORD*");
    }

    [Fact]
    public async Task EmptyStdin_IsAUsageError()
    {
        var source = new PasswordSource(_console, TextReader.Null, environmentValue: null, fromInput: true);

        await source.Awaiting(s => s.ReadExistingAsync(CancellationToken.None)).Should().ThrowAsync<UsageException>().WithMessage("*standard input is empty*");
    }

    [Fact]
    public async Task NewPassword_FromAScript_MustHaveTheMinimumLength()
    {
        var source = new PasswordSource(_console, TextReader.Null, environmentValue: "short", fromInput: false);

        await source.Awaiting(s => s.ReadNewAsync(CancellationToken.None)).Should().ThrowAsync<UsageException>().WithMessage($"*at least {PasswordRules.MinLength}*");
    }

    [Fact]
    public async Task NewPassword_AtATerminal_IsMasked_AskedTwice_AndAskedAgainWhenTheCopiesDiffer()
    {
        _console.Interactive();
        _console.Input.PushTextWithEnter("short");          // refused: too short, asked again
        _console.Input.PushTextWithEnter("first-password");
        _console.Input.PushTextWithEnter("other-password"); // does not match: start over
        _console.Input.PushTextWithEnter("final-password");
        _console.Input.PushTextWithEnter("final-password");
        var source = new PasswordSource(_console, TextReader.Null, environmentValue: null, fromInput: false);

        (await source.ReadNewAsync(CancellationToken.None)).Should().Be("final-password");

        _console.Output.Should().Contain($"at least {PasswordRules.MinLength} characters")
            .And.Contain("do not match")
            .And.NotContain("first-password", "the prompt is masked")
            .And.NotContain("final-password");
    }

    [Fact]
    public async Task NewPassword_AtATerminal_GivesUpAfterThreeMismatches()
    {
        _console.Interactive();
        for (var i = 0; i < 3; i++)
        {
            _console.Input.PushTextWithEnter("password-one");
            _console.Input.PushTextWithEnter("password-two");
        }

        var source = new PasswordSource(_console, TextReader.Null, environmentValue: null, fromInput: false);

        await source.Awaiting(s => s.ReadNewAsync(CancellationToken.None)).Should().ThrowAsync<UsageException>().WithMessage("*did not match*");
    }

    [Fact]
    public async Task ExistingPassword_AtATerminal_IsAskedOnce_Masked()
    {
        _console.Interactive();
        _console.Input.PushTextWithEnter("my-password");
        var source = new PasswordSource(_console, TextReader.Null, environmentValue: null, fromInput: false);

        (await source.ReadExistingAsync(CancellationToken.None)).Should().Be("my-password");
        _console.Output.Should().Contain("Password:").And.NotContain("my-password");
    }
}
