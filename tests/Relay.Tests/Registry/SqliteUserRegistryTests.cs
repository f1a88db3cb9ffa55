using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PyChat.Relay.Hosting;
using PyChat.Relay.Registry;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Registry;

/// <summary>The registry contract on relay.db, the embedded default, in a real file.</summary>
public sealed class SqliteUserRegistryTests : UserRegistryContract
{
    private readonly TempDirectory _folder = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    private protected override IUserAdministration Create()
    {
        var options = new RelayOptions { DataDirectory = _folder.Combine("data") };
        return new SqliteUserRegistry(Options.Create(options), new AbsolutePaths(), Time, NullLogger<SqliteUserRegistry>.Instance);
    }

    private sealed class AbsolutePaths : IRelayPaths
    {
        public string Resolve(string path) => Path.GetFullPath(path);
    }
}
