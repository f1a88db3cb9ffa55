namespace PyChat.Relay.Hosting;

/// <summary>Resolves configured folders: relative paths are under the content root.</summary>
internal interface IRelayPaths
{
    string Resolve(string path);
}
