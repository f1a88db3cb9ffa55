// PKCS#8 EncryptedPrivateKeyInfo (RFC 5958 §3) protected with PBES2 (RFC 8018 §6.2):
// PBKDF2 (PRF HMAC-SHA-1/256/384/512) + AES-128/192/256-CBC. BouncyCastle parses the ASN.1 so the
// exact failure can be reported; the PBKDF2 and AES work is done by .NET (OpenSSL), which is fast.
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X9;

namespace PyChat.Client.Cryptography.Internal;

/// <summary>Decrypts a DER EncryptedPrivateKeyInfo into a P-256 <see cref="ECDsa"/>, classifying every failure.</summary>
internal static class EncryptedPkcs8
{
    /// <summary>More iterations than this is treated as a hostile file (it would stall the reader).</summary>
    public const int MaxIterations = 10_000_000;

    public static ECDsa DecryptP256(byte[] der, string password, string path)
    {
        Pbes2 scheme = ParseScheme(der, path);
        byte[] key = new byte[scheme.KeySize];
        byte[]? plain = null;
        try
        {
            byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
            try
            {
                Rfc2898DeriveBytes.Pbkdf2(passwordBytes, scheme.Salt, key, scheme.Iterations, scheme.Prf);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(passwordBytes);
            }

            using (var aes = Aes.Create())
            {
                aes.SetKey(key);
                try
                {
                    plain = aes.DecryptCbc(scheme.Ciphertext, scheme.Iv, PaddingMode.PKCS7);
                }
                catch (CryptographicException e)
                {
                    throw IdentityKeyFileException.For(IdentityKeyFileError.WrongPassword, path, "wrong password (the key does not decrypt)", e);
                }
            }

            return ImportP256(plain, path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (plain is not null)
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }
    }

    private static ECDsa ImportP256(byte[] privateKeyInfoDer, string path)
    {
        PrivateKeyInfo info;
        try
        {
            info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(privateKeyInfoDer));
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException)
        {
            // Padding happened to be valid (about 1 in 256 wrong passwords) but the content is not DER.
            throw IdentityKeyFileException.For(IdentityKeyFileError.WrongPassword, path, "wrong password (the key does not decrypt)", e);
        }

        DerObjectIdentifier algorithm = info.PrivateKeyAlgorithm.Algorithm;
        if (!algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            throw IdentityKeyFileException.For(IdentityKeyFileError.WrongKeyType, path, $"the key is not an EC key (algorithm {NameOf(algorithm)}); an identity key is ECDSA P-256");
        }

        Asn1Encodable? parameters = info.PrivateKeyAlgorithm.Parameters;
        if (parameters is not DerObjectIdentifier curve || !curve.Equals(X9ObjectIdentifiers.Prime256v1))
        {
            string name = parameters is DerObjectIdentifier other ? NameOf(other) : "explicit parameters";
            throw IdentityKeyFileException.For(IdentityKeyFileError.WrongKeyType, path, $"the EC key is on curve {name}; an identity key is on P-256");
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(privateKeyInfoDer, out int read);
            if (read != privateKeyInfoDer.Length)
            {
                throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, "trailing data after the private key");
            }

            return ecdsa;
        }
        catch (CryptographicException e)
        {
            ecdsa.Dispose();
            throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, "the decrypted EC key is not valid", e);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    private static Pbes2 ParseScheme(byte[] der, string path)
    {
        EncryptedPrivateKeyInfo info;
        try
        {
            Asn1Object asn1 = Asn1Object.FromByteArray(der);
            info = EncryptedPrivateKeyInfo.GetInstance(asn1);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException)
        {
            throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, "not a DER EncryptedPrivateKeyInfo", e);
        }

        var encryption = info.EncryptionAlgorithm;
        if (!encryption.Algorithm.Equals(PkcsObjectIdentifiers.IdPbeS2))
        {
            throw Unsupported(path, $"encryption scheme {NameOf(encryption.Algorithm)}");
        }

        try
        {
            var pbes2 = PbeS2Parameters.GetInstance(encryption.Parameters);
            if (!pbes2.KeyDerivationFunc.Algorithm.Equals(PkcsObjectIdentifiers.IdPbkdf2))
            {
                throw Unsupported(path, $"key derivation {NameOf(pbes2.KeyDerivationFunc.Algorithm)}");
            }

            var kdf = Pbkdf2Params.GetInstance(pbes2.KeyDerivationFunc.Parameters);
            HashAlgorithmName prf = PrfOf(kdf.Prf.Algorithm) ?? throw Unsupported(path, $"PBKDF2 PRF {NameOf(kdf.Prf.Algorithm)}");
            int? keySize = KeySizeOf(pbes2.EncryptionScheme.Algorithm) ?? throw Unsupported(path, $"cipher {NameOf(pbes2.EncryptionScheme.Algorithm)}");
            if (kdf.KeyLength is { } declared && declared.IntValue != keySize)
            {
                throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, "the PBKDF2 key length does not match the cipher");
            }

            int iterations = kdf.IterationCount.BitLength > 31 ? int.MaxValue : kdf.IterationCount.IntValue;
            if (iterations is < 1 or > MaxIterations)
            {
                throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, $"PBKDF2 iteration count {iterations} is outside 1..{MaxIterations}");
            }

            byte[] iv = Asn1OctetString.GetInstance(pbes2.EncryptionScheme.Parameters).GetOctets();
            byte[] ciphertext = info.GetEncryptedData();
            if (iv.Length != 16 || ciphertext.Length == 0 || ciphertext.Length % 16 != 0)
            {
                throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, "the AES-CBC IV or ciphertext has an invalid length");
            }

            return new Pbes2(kdf.GetSalt(), iterations, prf, keySize.Value, iv, ciphertext);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or NullReferenceException)
        {
            throw IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, "malformed PBES2 parameters", e);
        }
    }

    private static HashAlgorithmName? PrfOf(DerObjectIdentifier oid) =>
        oid.Equals(PkcsObjectIdentifiers.IdHmacWithSha256) ? HashAlgorithmName.SHA256
        : oid.Equals(PkcsObjectIdentifiers.IdHmacWithSha384) ? HashAlgorithmName.SHA384
        : oid.Equals(PkcsObjectIdentifiers.IdHmacWithSha512) ? HashAlgorithmName.SHA512
        : oid.Equals(PkcsObjectIdentifiers.IdHmacWithSha1) ? HashAlgorithmName.SHA1
        : null;

    private static int? KeySizeOf(DerObjectIdentifier oid) =>
        oid.Equals(NistObjectIdentifiers.IdAes256Cbc) ? 32
        : oid.Equals(NistObjectIdentifiers.IdAes192Cbc) ? 24
        : oid.Equals(NistObjectIdentifiers.IdAes128Cbc) ? 16
        : null;

    private static string NameOf(DerObjectIdentifier oid) => oid.Id switch
    {
        "1.2.840.113549.1.1.1" => "RSA",
        "1.3.101.112" => "Ed25519",
        "1.3.101.110" => "X25519",
        "1.2.840.10040.4.1" => "DSA",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        "1.3.132.0.10" => "secp256k1",
        _ => oid.Id,
    };

    private static IdentityKeyFileException Unsupported(string path, string what) =>
        IdentityKeyFileException.For(IdentityKeyFileError.Corrupted, path, $"unsupported {what}; expected PBES2 with PBKDF2 (HMAC-SHA-1/256/384/512) and AES-CBC");

    private sealed record Pbes2(byte[] Salt, int Iterations, HashAlgorithmName Prf, int KeySize, byte[] Iv, byte[] Ciphertext);
}
