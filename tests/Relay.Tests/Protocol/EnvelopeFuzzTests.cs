using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport.Fuzzing;

namespace PyChat.Relay.Tests.Protocol;

/// <summary>
/// The envelope codec against random and mutated frames of every type, both directions: the relay
/// decodes whatever any client sends, so anything but a <see cref="FrameFormatException"/> escaping
/// the decoder would be a bug an attacker can trigger at will (docs/PROTOCOL.md §7).
/// </summary>
public sealed class EnvelopeFuzzTests
{
    private const int Seed = FrameMutator.FixedSeed;
    private const int Cases = 100_000;

    [Fact]
    public void Decode_OfMutatedFrames_ThrowsOnlyFrameFormatException_AndWhatDecodesReEncodesToTheSameBytes()
    {
        var mutator = new FrameMutator(EnvelopeSeeds.All(), Seed);
        var failures = new List<string>();
        var decoded = 0;
        for (var i = 0; i < Cases && failures.Count < 10; i++)
        {
            var bytes = mutator.Case(i);
            try
            {
                // The encoding is canonical (fixed widths, strict UTF-8, no trailing bytes), so a
                // decoded frame must encode back to exactly its input: a lossless round trip.
                if (!Frame.Decode(bytes).Encode().AsSpan().SequenceEqual(bytes))
                {
                    failures.Add($"re-encodes differently: {mutator.Describe(i)}");
                }

                decoded++;
            }
            catch (FrameFormatException e) when (e.Code is ErrorCode.Malformed or ErrorCode.UnknownFrameType)
            {
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name}: {mutator.Describe(i)}");
            }
        }

        failures.Should().BeEmpty();
        decoded.Should().BeGreaterThan(Cases / 20, "the mutations must reach the decoders' success paths too");
    }

    [Fact]
    public void FromPublish_OfMutatedFrames_ThrowsOnlyFrameFormatException_AndAgreesWithDecode()
    {
        var mutator = new FrameMutator(EnvelopeSeeds.ClientToRelay(), Seed);
        var failures = new List<string>();
        for (var i = 0; i < Cases && failures.Count < 10; i++)
        {
            var bytes = mutator.Case(i);
            try
            {
                var deliver = DeliverFrame.FromPublish(bytes, "alice", 1);
                // Where the frame is a Publish, the Deliver built from its bytes carries the same room and payload.
                if (TryDecode(bytes) is PublishFrame publish && !Carries(Frame.Decode(deliver), publish))
                {
                    failures.Add($"Deliver disagrees with the Publish: {mutator.Describe(i)}");
                }
            }
            catch (FrameFormatException)
            {
                if (TryDecode(bytes) is PublishFrame)
                {
                    failures.Add($"refused a valid Publish: {mutator.Describe(i)}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name}: {mutator.Describe(i)}");
            }
        }

        failures.Should().BeEmpty();
    }

    private static bool Carries(Frame deliver, PublishFrame publish) =>
        deliver is DeliverFrame { Sender: "alice" } built
        && built.Room == publish.Room
        && built.Payload.Span.SequenceEqual(publish.Payload.Span);

    private static Frame? TryDecode(byte[] bytes)
    {
        try
        {
            return Frame.Decode(bytes);
        }
        catch (FrameFormatException)
        {
            return null;
        }
    }
}
