using FluentAssertions;
using PyChat.Client;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Rendering;

public sealed class ConnectionEventLinesTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 12, 1, 2, TimeSpan.Zero);
    private static readonly string Time = TimeFormat.Local(Now);

    [Theory]
    [InlineData(1, 300, "connection lost — reconnecting, attempt 1 in 1 s…")]
    [InlineData(1, 1_400, "connection lost — reconnecting, attempt 1 in 1 s…")]
    [InlineData(2, 3_600, "connection lost — reconnecting, attempt 2 in 4 s…")]
    [InlineData(3, 4_499, "connection lost — reconnecting, attempt 3 in 4 s…")]
    [InlineData(7, 30_000, "connection lost — reconnecting, attempt 7 in 30 s…")]
    [InlineData(9, 150_000, "connection lost — reconnecting, attempt 9 in 3 min…")]
    public void Reconnecting_IsAWarning_WithTheAttemptAndItsRoundedDelay(int attempt, int milliseconds, string text) =>
        ConnectionEventLines.ToLine(new Reconnecting(Now, attempt, TimeSpan.FromMilliseconds(milliseconds)))
            .Should().Be(RoomLine.Warning(Now, text, code: RoomLineCodes.Reconnecting));

    [Fact]
    public void Reconnected_IsAnEvent() =>
        ConnectionEventLines.ToLine(new Reconnected(Now)).Should().Be(RoomLine.Event(Now, "connected again", RoomLineCodes.Reconnected));

    [Fact]
    public void ConnectionClosed_IsALoudWarning_WithTheReason() =>
        ConnectionEventLines.ToLine(new ConnectionClosed(Now, "You logged in somewhere else."))
            .Should().Be(RoomLine.Warning(Now, "connection closed for good, not reconnecting: You logged in somewhere else.", loud: true, RoomLineCodes.ConnectionClosed));

    [Fact]
    public void ConnectionLost_AddsNothing_TheReconnectingLineAfterItSaysIt() =>
        ConnectionEventLines.ToLine(new ConnectionLost(Now, "The relay closed the connection (1012).")).Should().BeNull();

    [Fact]
    public void InPlainOutput_TheLinesReadAsTheyShouldOnTheScreen()
    {
        var writer = new StringWriter();
        var output = new PlainChatOutput(writer);

        output.Write(ConnectionEventLines.ToLine(new Reconnecting(Now, 2, TimeSpan.FromSeconds(4)))!);
        output.Write(ConnectionEventLines.ToLine(new Reconnected(Now))!);
        output.Write(RoomEventLines.ToLine(new RoomResumed("lobby", Now, 5), caughtUpMessages: 3));

        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            $"{Time} ! connection lost — reconnecting, attempt 2 in 4 s…",
            $"{Time} * connected again",
            $"{Time} * back; 3 messages caught up");
    }
}
