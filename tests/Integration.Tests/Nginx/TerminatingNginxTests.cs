namespace PyChat.Integration.Tests.Nginx;

/// <summary>deploy/nginx/terminating.conf in front of a real relay. Runs in parallel with <see cref="PassthroughNginxTests"/>: the idle periods overlap.</summary>
public sealed class TerminatingNginxTests(TerminatingNginx relay) : IClassFixture<TerminatingNginx>
{
    [Fact]
    public Task Conversation_ThroughTerminatingNginx_GoesOnAfterTwoMinutesIdle() =>
        NginxScenarios.ConversationGoesOnAfterIdleOnTheSameConnectionsAsync(relay);

    [Fact]
    public Task FailedLogins_ThroughTerminatingNginx_LimitOnlyTheClientThatMadeThem() =>
        NginxScenarios.FailedLoginsLimitOnlyTheClientThatMadeThemAsync(relay);
}
