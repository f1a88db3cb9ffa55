namespace PyChat.Integration.Tests.Nginx;

/// <summary>deploy/nginx/passthrough.conf in front of a real relay. Runs in parallel with <see cref="TerminatingNginxTests"/>: the idle periods overlap.</summary>
public sealed class PassthroughNginxTests(PassthroughNginx relay) : IClassFixture<PassthroughNginx>
{
    [Fact]
    public Task Conversation_ThroughPassthroughNginx_GoesOnAfterTwoMinutesIdle() =>
        NginxScenarios.ConversationGoesOnAfterIdleOnTheSameConnectionsAsync(relay);

    [Fact]
    public Task FailedLogins_ThroughPassthroughNginx_LimitOnlyTheClientThatMadeThem() =>
        NginxScenarios.FailedLoginsLimitOnlyTheClientThatMadeThemAsync(relay);
}
