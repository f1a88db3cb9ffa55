using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace PyChat.Relay.Hosting;

/// <summary>
/// Kestrel, started with the listeners <see cref="RelayListeners"/> made and nothing else. ASP.NET Core copies the
/// <c>Urls</c> setting into the server's addresses just before it starts it, from host settings read before the relay
/// can change them; Kestrel would then warn on every start that its endpoints override them. They are already among
/// the endpoints, so they are dropped here.
/// </summary>
internal sealed class ListenersOnlyServer(IServer kestrel) : IServer
{
    public IFeatureCollection Features => kestrel.Features;

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        kestrel.Features.Get<IServerAddressesFeature>()?.Addresses.Clear();
        return kestrel.StartAsync(application, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => kestrel.StopAsync(cancellationToken);

    public void Dispose() => kestrel.Dispose();

    /// <summary>Wraps the server registered (Kestrel, by the web host's defaults) in this.</summary>
    public static void Wrap(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IServer) && d.ImplementationType is not null)
            ?? throw new InvalidOperationException("no server registered to wrap");
        services.Remove(registered);
        services.AddSingleton<IServer>(provider => new ListenersOnlyServer((IServer)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!)));
    }
}
