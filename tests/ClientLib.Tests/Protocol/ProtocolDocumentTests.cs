using FluentAssertions;

namespace PyChat.ClientLib.Tests.Protocol;

public sealed class ProtocolDocumentTests
{
    public static TheoryData<string> EnvelopeExampleNames() => new(ProtocolExamples.Envelope.Keys);

    [Theory]
    [MemberData(nameof(EnvelopeExampleNames))]
    public void EnvelopeExample_InProtocolDocument_IsWhatTheCodeEncodes(string name)
    {
        var documented = ProtocolDocument.HexExamples();

        documented.Should().ContainKey(name, "every example the code builds is shown in docs/PROTOCOL.md");
        documented[name].Should().Be(Convert.ToHexStringLower(ProtocolExamples.Envelope[name]()));
    }
}
