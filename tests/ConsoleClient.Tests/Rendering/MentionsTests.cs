using FluentAssertions;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Rendering;

public sealed class MentionsTests
{
    [Theory]
    [InlineData("alice: are you there?")]
    [InlineData("@Alice look")]
    [InlineData("thanks alice!")]
    [InlineData("thanks alice.")]
    [InlineData("ALICE")]
    [InlineData("bob, alice, carol")]
    public void TheNameAsAWord_IsAMention(string text) => Mentions.Names(text, "alice").Should().BeTrue();

    [Theory]
    [InlineData("malice aforethought")]
    [InlineData("alice2 is someone else")]
    [InlineData("alice.b is someone else")]
    [InlineData("alice_b too")]
    [InlineData("alicé")]
    [InlineData("nobody here")]
    public void TheNameInsideAnotherWord_IsNot(string text) => Mentions.Names(text, "alice").Should().BeFalse();
}
