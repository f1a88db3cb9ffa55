using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Registry;

namespace PyChat.Relay.Tests.Connections;

public sealed class DispatchFailureTests
{
    [Fact]
    public async Task FrameWhoseHandlingThrows_IsAnsweredWithInternalError_AndTheConnectionStays()
    {
        await using var relay = await TestRelay.StartAsync(null, services => services.AddSingleton<IUserRegistry, BrokenRegistry>());
        var client = await relay.ConnectAsync();

        (await client.RegisterAsync(relay.Identity("alice"))).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.InternalError);

        await client.SendAsync(new ListRoomsFrame(client.NextRequestId()));
        (await client.ReceiveAsync()).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.NotAuthenticated);
    }

    private sealed class BrokenRegistry : IUserRegistry
    {
        public Task InitializeAsync() => Task.CompletedTask;

        public ValueTask<RegisterResult> RegisterAsync(string user, ReadOnlyMemory<byte> identityKey, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the database is on fire");

        public ValueTask<byte[]?> FindIdentityKeyAsync(string user, CancellationToken cancellationToken = default) => ValueTask.FromResult<byte[]?>(null);

        public ValueTask ProbeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
