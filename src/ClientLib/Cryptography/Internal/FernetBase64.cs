using System.Buffers;
using System.Buffers.Text;

namespace PyChat.Client.Cryptography.Internal;

/// <summary>
/// URL-safe base64 (RFC 4648 §5) as Fernet uses it: encoded WITH '=' padding (like Python's
/// <c>base64.urlsafe_b64encode</c>), decoded with or without padding. Decoding is strict: only the
/// URL-safe alphabet, no whitespace, and padding only where it belongs.
/// </summary>
internal static class FernetBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly SearchValues<byte> AlphabetBytes = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);
    private static readonly SearchValues<char> AlphabetChars = SearchValues.Create(Alphabet);

    /// <summary>Length of the padded encoding of <paramref name="byteCount"/> bytes.</summary>
    public static int GetPaddedLength(int byteCount) => checked((byteCount + 2) / 3 * 4);

    /// <summary>Upper bound of the decoded length of <paramref name="encodedLength"/> characters.</summary>
    public static int GetMaxDecodedLength(int encodedLength) => Base64Url.GetMaxDecodedLength(encodedLength);

    public static void EncodePadded(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        Base64Url.EncodeToUtf8(source, destination, out _, out int written);
        destination[written..].Fill((byte)'=');
    }

    public static void EncodePadded(ReadOnlySpan<byte> source, Span<char> destination)
    {
        Base64Url.EncodeToChars(source, destination, out _, out int written);
        destination[written..].Fill('=');
    }

    public static bool TryDecode(ReadOnlySpan<byte> encoded, Span<byte> destination, out int written)
    {
        written = 0;
        int unpadded = encoded.Length;
        while (unpadded > 0 && encoded[unpadded - 1] == (byte)'=')
        {
            unpadded--;
        }

        ReadOnlySpan<byte> body = encoded[..unpadded];
        if (!IsPaddingValid(unpadded, encoded.Length - unpadded) || body.ContainsAnyExcept(AlphabetBytes)
            || (unpadded > 0 && !IsCanonicalLast(unpadded, body[^1])))
        {
            return false;
        }

        return Base64Url.DecodeFromUtf8(body, destination, out _, out written) == OperationStatus.Done;
    }

    public static bool TryDecode(ReadOnlySpan<char> encoded, Span<byte> destination, out int written)
    {
        written = 0;
        int unpadded = encoded.Length;
        while (unpadded > 0 && encoded[unpadded - 1] == '=')
        {
            unpadded--;
        }

        ReadOnlySpan<char> body = encoded[..unpadded];
        if (!IsPaddingValid(unpadded, encoded.Length - unpadded) || body.ContainsAnyExcept(AlphabetChars)
            || (unpadded > 0 && !IsCanonicalLast(unpadded, body[^1])))
        {
            return false;
        }

        return Base64Url.DecodeFromChars(body, destination, out _, out written) == OperationStatus.Done;
    }

    // The last character of a partial quantum carries bits that decode to nothing (4 of them after
    // 2 characters, 2 after 3). They must be zero, so that each token has exactly one text form and
    // no bit of the text can be flipped without the change being detected.
    private static bool IsCanonicalLast(int bodyLength, int last)
    {
        int value = Alphabet.IndexOf((char)last, StringComparison.Ordinal);
        return (bodyLength % 4) switch
        {
            2 => (value & 0x0F) == 0,
            3 => (value & 0x03) == 0,
            _ => true,
        };
    }

    // A body of 4n+1 characters can never be valid; padding, when present, must complete the last quantum
    // and nothing more ("DA==" but not "DA======", and no padding after a full quantum).
    private static bool IsPaddingValid(int bodyLength, int paddingLength) =>
        bodyLength % 4 != 1 && (paddingLength == 0 || paddingLength == (4 - (bodyLength % 4)) % 4);
}
