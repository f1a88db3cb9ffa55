using System.Runtime.InteropServices;
using Microsoft.AspNetCore.SignalR.Client;

namespace PyChat.Bench.LoadGen.Targets;

internal sealed class SignalRClient(HubConnection connection, string room) : IBenchClient
{
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        // The hub takes byte[]; the generator's payloads are whole arrays, so no copy on the hot path.
        var array = MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();
        return new ValueTask(connection.SendAsync("Send", room, array, cancellationToken));
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
