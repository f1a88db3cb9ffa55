using PyChat.TestSupport.Servers;
using Xunit.Abstractions;

namespace PyChat.Integration.Tests.Cluster;

/// <summary>
/// The chaos test against a three-node cluster: member n connects to node n mod 3, or the next node that is up; the
/// first crash kills the leader (node 0), the second an edge (node 1), each started again on its folder at once.
/// </summary>
public sealed class ClusterChaosTests(ITestOutputHelper output, PostgreSqlFixture postgres) : ChaosTests(output), IClassFixture<PostgreSqlFixture>
{
    private ThreeNodes _cluster = null!;

    public override async Task InitializeAsync() =>
        _cluster = await ThreeNodes.StartAsync(await postgres.Server.CreateDatabaseAsync(), extra: ["--Relay:RegistrationsPerAddress", "1000", "--Relay:MaxConnectionsPerAddress", "0"]);

    private protected override string CaCertificatePath => _cluster.CaCertificatePath;

    private protected override Uri TargetOf(int member)
    {
        for (var i = 0; i < 3; i++)
        {
            var node = _cluster.Nodes[(member + i) % 3];
            if (!node.HasExited)
            {
                return node.WebSocketUri;
            }
        }

        return _cluster.Nodes[member % 3].WebSocketUri;
    }

    private protected override async Task CrashAndRestartAsync(int crash)
    {
        var node = _cluster.Nodes[crash == 1 ? 0 : 1];
        await node.KillAsync();
        await node.RestartAsync();
    }

    private protected override async Task StopAsync() => await _cluster.DisposeAsync();
}
