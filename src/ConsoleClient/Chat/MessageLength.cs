using System.Globalization;
using System.Text;
using PyChat.Client;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// One message fits in one relay frame: at most <see cref="ChatRoom.MaxMessageBytes"/> bytes of UTF-8. A longer one is
/// refused before anything is sent, in words, without echoing it (it may be a whole pasted file).
/// </summary>
internal static class MessageLength
{
    /// <summary>For a message read from a stream that was not read to its end because it is too long.</summary>
    public static string LongerThanTheLimit { get; } = string.Create(CultureInfo.InvariantCulture,
        $"The message is longer than {ChatRoom.MaxMessageBytes:N0} bytes, the most one message holds (UTF-8). Nothing was sent: split it into shorter messages.");

    public static string? Problem(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        return length <= ChatRoom.MaxMessageBytes
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"The message is {length:N0} bytes long; one message holds at most {ChatRoom.MaxMessageBytes:N0} bytes (UTF-8). Nothing was sent: split it into shorter messages.");
    }
}
