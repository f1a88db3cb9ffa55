using Microsoft.Extensions.Hosting;

namespace PyChat.Relay.Hosting;

internal sealed class ContentRootPaths(IHostEnvironment environment) : IRelayPaths
{
    public string Resolve(string path) => Path.GetFullPath(path, environment.ContentRootPath);
}
