using FluentAssertions;
using PyChat.ConsoleClient.Chat.Editing;

namespace PyChat.ConsoleClient.Tests.Chat.Editing;

public sealed class TextWidthTests
{
    [Theory]
    [InlineData("a", 1)]
    [InlineData("é", 1)]
    [InlineData("e\u0301", 1)]    // a combining accent takes no column of its own
    [InlineData("中", 2)]          // CJK: East Asian Wide
    [InlineData("한", 2)]          // Hangul
    [InlineData("Ａ", 2)]          // Fullwidth Latin
    [InlineData("ｱ", 1)]           // Halfwidth Katakana
    [InlineData("😀", 2)]          // emoji, a surrogate pair
    [InlineData("👨‍👩‍👧", 2)]       // a ZWJ sequence is drawn as one emoji
    [InlineData("❤️", 2)]          // a text-style symbol asking for emoji presentation (U+FE0F)
    [InlineData("🇫🇷", 2)]         // a flag
    [InlineData("⏎", 1)]
    [InlineData("\t", 0)]          // control characters are never drawn as such
    public void OfElement_IsTheColumnsATerminalUses(string element, int columns) =>
        TextWidth.OfElement(element).Should().Be(columns);

    [Fact]
    public void Of_AddsUpTheElements() => TextWidth.Of("a中😀e\u0301").Should().Be(6);
}
