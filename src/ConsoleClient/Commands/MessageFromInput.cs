using PyChat.Client;
using PyChat.ConsoleClient.Chat;

namespace PyChat.ConsoleClient.Commands;

/// <summary>
/// <c>... | pychat send ROOM -</c>: the message is the whole of standard input (after the password's line, with
/// <c>--password-stdin</c>), line breaks kept, one final line break dropped as <c>echo</c> adds it.
/// </summary>
internal static class MessageFromInput
{
    public static async Task<string> ReadAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Environment.InputIsTerminal)
        {
            // Waiting for Ctrl+D at a terminal that shows nothing is a hang to the person who typed 'pychat send ROOM'.
            throw new UsageException("Give the message after the room name, or pipe it in: ... | pychat send ROOM -");
        }

        context.Passwords.ReadInputLineNow();
        // Never more than one message can hold (a UTF-8 byte is at most one char), a final line break, and one char
        // that tells "there is more": a file piped in by mistake is refused without being read into memory.
        var buffer = new char[ChatRoom.MaxMessageBytes + 3];
        var read = await context.Environment.Input.ReadBlockAsync(buffer, cancellationToken);
        if (read == buffer.Length)
        {
            throw new UsageException(MessageLength.LongerThanTheLimit);
        }

        var text = new string(buffer, 0, read);
        text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
            : text.EndsWith('\n') ? text[..^1]
            : text;
        return string.IsNullOrWhiteSpace(text) ? throw new UsageException("The message is empty.") : text;
    }
}
