using System.Text;
using FluentAssertions;
using PyChat.Client.Cryptography;
using PyChat.TestSupport;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

/// <summary>Interop with Python's `cryptography.fernet` (python3 + cryptography; CI installs them).</summary>
public sealed class PythonFernetInteropTests
{
    private const string DecryptScript = """
        import sys
        from cryptography.fernet import Fernet
        key, token = sys.stdin.read().split()
        sys.stdout.write(Fernet(key.encode()).decrypt(token.encode()).hex())
        """;

    private const string EncryptScript = """
        import sys
        from cryptography.fernet import Fernet
        key, plaintext_hex = sys.stdin.read().split(" ", 1)
        sys.stdout.write(Fernet(key.encode()).encrypt(bytes.fromhex(plaintext_hex)).decode())
        """;

    private const string GenerateKeyScript = """
        from cryptography.fernet import Fernet
        print(Fernet.generate_key().decode())
        """;

    private const string AcceptsScript = """
        import sys
        from cryptography.fernet import Fernet, InvalidToken
        key, *tokens = sys.stdin.read().split("\n")
        for token in tokens:
            try:
                Fernet(key.encode()).decrypt(token.encode())
                print("accepted")
            except InvalidToken:
                print("refused")
        """;

    [Fact]
    public async Task TokenText_PythonAndThisLibraryAgreeOnTheCanonicalForm_ThisLibraryAlsoTakesItUnpadded()
    {
        using FernetKey key = FernetKey.Generate();
        string padded = Fernet.Encrypt(key, "hello"u8, DateTimeOffset.UtcNow);
        string unpadded = padded.TrimEnd('=');
        padded.Length.Should().Be(unpadded.Length + 2, "a 5-byte message makes a 73-byte token: two '=' of padding");
        string[] tokens = [padded, unpadded];

        ExternalToolResult result = await ExternalTool.RunSuccessfullyAsync("python3", ["-c", AcceptsScript], string.Join('\n', [key.ExportBase64Url(), .. tokens]));

        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("accepted", "refused");
        tokens.Should().AllSatisfy(t => Fernet.TryDecrypt(key, t, FernetValidation.Default, DateTimeOffset.UtcNow, out _, out _).Should().BeTrue());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(1000)]
    public async Task PythonFernet_DecryptsOurToken(int length)
    {
        using FernetKey key = FernetKey.Generate();
        byte[] plaintext = new byte[length];
        Random.Shared.NextBytes(plaintext);
        string token = Fernet.Encrypt(key, plaintext, DateTimeOffset.UtcNow);

        ExternalToolResult result = await ExternalTool.RunSuccessfullyAsync("python3", ["-c", DecryptScript], $"{key.ExportBase64Url()} {token}");

        Convert.FromHexString(result.StandardOutput.Trim()).Should().Equal(plaintext);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(1000)]
    public async Task TryDecrypt_AcceptsAPythonMadeToken(int length)
    {
        string keyText = (await ExternalTool.RunSuccessfullyAsync("python3", ["-c", GenerateKeyScript])).StandardOutput.Trim();
        using FernetKey key = FernetKey.FromBase64Url(keyText);
        byte[] plaintext = new byte[length];
        Random.Shared.NextBytes(plaintext);

        ExternalToolResult result = await ExternalTool.RunSuccessfullyAsync("python3", ["-c", EncryptScript], $"{keyText} {Convert.ToHexString(plaintext)}");

        string token = result.StandardOutput.Trim();
        bool ok = Fernet.TryDecrypt(key, token, FernetValidation.Default, DateTimeOffset.UtcNow, out byte[]? decrypted, out FernetError error);
        ok.Should().BeTrue(error.ToString());
        decrypted.Should().Equal(plaintext);
        Fernet.TryDecrypt(key, Encoding.ASCII.GetBytes(token), FernetValidation.Default, DateTimeOffset.UtcNow, out byte[]? fromAscii, out _).Should().BeTrue();
        fromAscii.Should().Equal(plaintext);
    }
}
