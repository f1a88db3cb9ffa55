// URL-safe base64 with padding (RFC 4648 §5), the alphabet Fernet tokens and keys use.
namespace PyChat.Client.Cryptography;

internal static class Base64UrlPadded
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');

    public static int EncodedLength(int byteCount) => (byteCount + 2) / 3 * 4;

    public static int Encode(ReadOnlySpan<byte> bytes, Span<byte> ascii)
    {
        var length = EncodedLength(bytes.Length);
        System.Buffers.Text.Base64.EncodeToUtf8(bytes, ascii, out _, out var written);
        for (var i = 0; i < written; i++)
        {
            ascii[i] = ascii[i] switch { (byte)'+' => (byte)'-', (byte)'/' => (byte)'_', var b => b };
        }

        return written == length ? written : throw new InvalidOperationException("base64 length mismatch");
    }

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        var ascii = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7f)
            {
                bytes = [];
                return false;
            }

            ascii[i] = (byte)text[i];
        }

        return TryDecode(ascii, out bytes);
    }

    /// <summary>Strict: only the URL-safe alphabet, length a multiple of 4, padding only at the end.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> ascii, out byte[] bytes)
    {
        bytes = [];
        if (ascii.Length == 0 || ascii.Length % 4 != 0)
        {
            return false;
        }

        var standard = new byte[ascii.Length];
        var padding = 0;
        for (var i = 0; i < ascii.Length; i++)
        {
            var c = ascii[i];
            if (c == '=')
            {
                padding++;
                standard[i] = c;
                continue;
            }

            if (padding > 0)
            {
                return false;
            }

            standard[i] = c switch
            {
                (byte)'-' => (byte)'+',
                (byte)'_' => (byte)'/',
                >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' => c,
                _ => 0,
            };
            if (standard[i] == 0)
            {
                return false;
            }
        }

        if (padding > 2)
        {
            return false;
        }

        var decoded = new byte[ascii.Length / 4 * 3];
        var status = System.Buffers.Text.Base64.DecodeFromUtf8(standard, decoded, out _, out var written);
        if (status != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        bytes = decoded[..written];
        return true;
    }
}
