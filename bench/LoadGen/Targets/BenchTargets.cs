namespace PyChat.Bench.LoadGen.Targets;

/// <summary>
/// The targets the load generator can drive, by <c>--target</c> name.
/// </summary>
/// <remarks>
/// Seam for the PyChat relay: add a <c>PyChatTarget : IBenchTarget</c> (in <c>Targets/PyChat/</c>) that
/// drives the PyChat client library: <c>ConnectAsync</c> opens a client, joins room <c>room</c> (every
/// client of a room must share the room key) and forwards each decrypted message body to the sink;
/// <c>SendAsync</c> sends the 256-byte payload as one message body. Register it below as
/// <c>"pychat"</c> and add a row to <c>SERVERS</c> in <c>bench/run-relay-bench.sh</c>. Nothing else in
/// the load generator needs to change: scheduling, latency and memory are target-agnostic.
/// </remarks>
internal static class BenchTargets
{
    public static IReadOnlyList<string> Names { get; } = ["ws", "signalr"];

    public static IBenchTarget Create(string name, BenchTargetOptions options) => name switch
    {
        "ws" => new RawWebSocketTarget(options),
        "signalr" => new SignalRTarget(options),
        "pychat" => throw new NotSupportedException("The PyChat target is not written yet; see BenchTargets' remarks."),
        _ => throw new ArgumentException($"unknown target '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };
}
