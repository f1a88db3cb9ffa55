using FluentAssertions;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace PyChat.ClientLib.Tests.Protocol;

/// <summary>
/// The end-to-end payload codecs against random and mutated payloads of every kind. A room member can
/// sign any bytes it likes, so a valid signature does not make a payload well-formed: the decoders
/// document that they return <see langword="false"/> for anything malformed, and must never throw
/// (an exception would escape into the receive loop of every other member).
/// </summary>
public sealed class PayloadFuzzTests(ITestOutputHelper output)
{
    private const int Seed = FrameMutator.FixedSeed;
    private const int Cases = 100_000;

    // Re-encoding signs (ECDSA), which costs far more than decoding: every tenth success of each decoder
    // is round-tripped, spread over the whole run.
    private const int RoundTripEvery = 10;

    [Fact]
    public void TryDecode_OfMutatedPayloads_NeverThrows_AndWhatDecodesReEncodesToTheSameBody()
    {
        var mutator = new FrameMutator(PayloadSeeds.Payloads(), Seed);
        var failures = new List<string>();
        var decoded = new Dictionary<string, int> { ["announcement"] = 0, ["chat"] = 0, ["rekey"] = 0 };
        for (var i = 0; i < Cases && failures.Count < 10; i++)
        {
            // Every decoder sees every case: a kind byte mutated into another kind is the interesting crossover.
            var payload = mutator.Case(i);
            try
            {
                if (Announcement.TryDecode(payload, out var announcement))
                {
                    if (decoded["announcement"]++ % RoundTripEvery == 0)
                    {
                        CheckRoundTrip(payload, announcement.Encode(PayloadSeeds.Room, PayloadSeeds.Sender, PayloadSeeds.Identity), p => Announcement.TryDecode(p, out _), mutator, i, failures);
                    }
                }

                if (ChatPayload.TryDecode(payload, out var chat))
                {
                    if (decoded["chat"]++ % RoundTripEvery == 0)
                    {
                        CheckRoundTrip(payload, chat.Encode(PayloadSeeds.Room, PayloadSeeds.Sender, PayloadSeeds.Identity), p => ChatPayload.TryDecode(p, out _), mutator, i, failures);
                    }
                }

                if (RekeyPayload.TryDecode(payload, out var rekey))
                {
                    if (decoded["rekey"]++ % RoundTripEvery == 0)
                    {
                        CheckRoundTrip(payload, rekey.Encode(PayloadSeeds.Room, PayloadSeeds.Sender, PayloadSeeds.Identity), p => RekeyPayload.TryDecode(p, out _), mutator, i, failures);
                    }
                }
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name}: {mutator.Describe(i)}");
            }
        }

        output.WriteLine(string.Join(", ", decoded.Select(d => $"{d.Key} decoded {d.Value}")));
        failures.Should().BeEmpty();
        decoded.Values.Should().OnlyContain(n => n > Cases / 100, "the mutations must reach every decoder's success path");
    }

    [Fact]
    public void TryDecrypt_OfMutatedTokens_NeverThrows_AndOpensOnlyAuthenticTokens()
    {
        var mutator = new FrameMutator(PayloadSeeds.Tokens, Seed);
        var failures = new List<string>();
        for (var i = 0; i < Cases && failures.Count < 10; i++)
        {
            var token = mutator.Case(i);
            try
            {
                // A token that opens passed the MAC, so its plaintext is one the key's holder encrypted.
                if (Fernet.TryDecrypt(PayloadSeeds.TokenKey, token, FernetValidation.Default, PayloadSeeds.TokenTime, out var plaintext, out _)
                    && !PayloadSeeds.Plaintexts.Any(p => p.AsSpan().SequenceEqual(plaintext)))
                {
                    failures.Add($"opened to a plaintext nobody encrypted: {mutator.Describe(i)}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name}: {mutator.Describe(i)}");
            }
        }

        failures.Should().BeEmpty();
    }

    /// <summary>
    /// A decoded payload encodes back to the same body (everything but the signature, which ECDSA
    /// randomizes), and that encoding decodes again.
    /// </summary>
    private static void CheckRoundTrip(byte[] payload, byte[] reEncoded, Func<byte[], bool> decodes, FrameMutator mutator, int index, List<string> failures)
    {
        if (!reEncoded.AsSpan(..^PayloadTranscript.SignatureSize).SequenceEqual(payload.AsSpan(..^PayloadTranscript.SignatureSize)) || !decodes(reEncoded))
        {
            failures.Add($"round trip differs: {mutator.Describe(index)}");
        }
    }
}
