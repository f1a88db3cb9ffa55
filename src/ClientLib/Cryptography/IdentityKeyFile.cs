// Identity key file: PEM "ENCRYPTED PRIVATE KEY" (RFC 7468 §11) holding a PKCS#8
// EncryptedPrivateKeyInfo (RFC 5958) with PBES2 (RFC 8018): PBKDF2-HMAC-SHA256, 600,000
// iterations, 16-byte random salt, AES-256-CBC with a random 16-byte IV; inside, a P-256 EC
// PrivateKeyInfo. Readable by `openssl pkey`; files made by `openssl pkcs8 -topk8 -v2 aes-256-cbc` load.
using System.Security.Cryptography;
using PyChat.Client.Cryptography.Internal;

namespace PyChat.Client.Cryptography;

/// <summary>
/// Saves and loads an <see cref="IdentityKey"/> as a password-encrypted PKCS#8 PEM file
/// ("ENCRYPTED PRIVATE KEY", PBES2 + PBKDF2-HMAC-SHA256 + AES-256-CBC).
/// </summary>
/// <remarks>
/// Writing never overwrites: the file is written to a private temporary file in the same folder
/// (created with mode 0600 on Unix), flushed to disk, then linked into place only if nothing exists
/// there, so readers never see a partial file. Reading accepts PBES2 files with PBKDF2 over
/// HMAC-SHA-1/256/384/512 and AES-128/192/256-CBC (so OpenSSL-made files load), up to
/// 10,000,000 iterations. Every failure is an <see cref="IdentityKeyFileException"/> with an
/// <see cref="IdentityKeyFileError"/>; the key derivation runs on the thread pool.
/// </remarks>
public static class IdentityKeyFile
{
    /// <summary>PBKDF2-HMAC-SHA256 iterations used when writing (the OWASP 2023 recommendation).</summary>
    public const int Pbkdf2Iterations = 600_000;

    private const string EncryptedLabel = "ENCRYPTED PRIVATE KEY";
    private const long MaxFileSize = 64 * 1024;

    /// <summary>Writes <paramref name="key"/> to a new file at <paramref name="path"/>, encrypted with <paramref name="password"/>.</summary>
    /// <param name="path">The file to create; it must not exist.</param>
    /// <param name="key">The key to save.</param>
    /// <param name="password">The password (UTF-8 into PBKDF2); must not be empty.</param>
    /// <param name="cancellationToken">Cancels before the file is linked into place.</param>
    /// <returns>A task that completes when the file is durably in place.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="password"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IdentityKeyFileException"><see cref="IdentityKeyFileError.AlreadyExists"/> when a file exists at the path; <see cref="IdentityKeyFileError.NotFound"/> when its folder does not exist.</exception>
    public static async Task WriteAsync(string path, IdentityKey key, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(password);

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw IdentityKeyFileException.For(IdentityKeyFileError.NotFound, path, "the folder does not exist");
        }

        // Checked early so no one waits for the key derivation only to be refused; checked again,
        // atomically, when the file is linked into place.
        if (File.Exists(fullPath))
        {
            throw IdentityKeyFileException.For(IdentityKeyFileError.AlreadyExists, path, "a file already exists there; identity key files are never overwritten");
        }

        string pem = await Task.Run(() => key.ExportEncryptedPkcs8Pem(password, Pbkdf2Iterations), cancellationToken).ConfigureAwait(false);

        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var stream = new FileStream(temporary, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(pem), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // Without overwrite .NET links the new name (link(2)) and fails if it exists: atomic create-new.
                File.Move(temporary, fullPath, overwrite: false);
            }
            catch (IOException e) when (File.Exists(fullPath))
            {
                throw IdentityKeyFileException.For(IdentityKeyFileError.AlreadyExists, path, "a file already exists there; identity key files are never overwritten", e);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads and decrypts the identity key in the file at <paramref name="path"/>.</summary>
    /// <param name="path">The PEM file.</param>
    /// <param name="password">The password it was written with.</param>
    /// <param name="cancellationToken">Cancels the read (not the key derivation once started).</param>
    /// <returns>The key; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IdentityKeyFileException">The file is missing, corrupted, not encrypted, not a P-256 key, or the password is wrong; see <see cref="IdentityKeyFileException.Error"/>.</exception>
    public static async Task<IdentityKey> ReadAsync(string path, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(password);

        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileSize)
            {
                throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, $"larger than {MaxFileSize} bytes; not a key file");
            }

            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw IdentityKeyFileException.For(IdentityKeyFileError.NotFound, path, "no such file", e);
        }

        byte[] der = DecodePem(text, path);
        ECDsa ecdsa = await Task.Run(() => EncryptedPkcs8.DecryptP256(der, password, path), cancellationToken).ConfigureAwait(false);
        return IdentityKey.FromECDsa(ecdsa);
    }

    private static byte[] DecodePem(string text, string path)
    {
        if (text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, "legacy OpenSSL-encrypted PEM is not supported; convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`");
        }

        if (!PemEncoding.TryFind(text, out PemFields fields))
        {
            throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, "no complete PEM block (truncated or edited?)");
        }

        ReadOnlySpan<char> label = text.AsSpan(fields.Label);
        if (!label.SequenceEqual(EncryptedLabel))
        {
            bool plainKey = label is "PRIVATE KEY" || label.EndsWith(" PRIVATE KEY", StringComparison.Ordinal);
            throw plainKey
                ? IdentityKeyFileException.For(IdentityKeyFileError.NotEncrypted, path, $"the key is not password-protected (PEM '{label}'); expected '{EncryptedLabel}'")
                : IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, $"PEM '{label}' is not a private key; expected '{EncryptedLabel}'");
        }

        byte[] der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(text.AsSpan(fields.Base64Data), der, out int written) || written != der.Length)
        {
            throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, "invalid base64 in the PEM block");
        }

        return der;
    }
}
