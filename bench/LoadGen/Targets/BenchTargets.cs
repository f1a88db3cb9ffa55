namespace PyChat.Bench.LoadGen.Targets;

/// <summary>
/// The targets the load generator can drive, by <c>--target</c> name.
/// </summary>
/// <remarks>
/// <c>pychat</c> is the PyChat relay with payloads encrypted and signed before the clock starts
/// (the relay's own cost), <c>pychat-e2e</c> the same relay through ClientLib with every client's
/// cryptography on the clock; scheduling, latency and memory are target-agnostic.
/// </remarks>
internal static class BenchTargets
{
    public static IReadOnlyList<string> Names { get; } = ["ws", "signalr", "pychat", "pychat-e2e"];

    public static IBenchTarget Create(string name, BenchTargetOptions options) => name switch
    {
        "ws" => new RawWebSocketTarget(options),
        "signalr" => new SignalRTarget(options),
        "pychat" => new PyChat.PyChatTarget(options, endToEnd: false),
        "pychat-e2e" => new PyChat.PyChatTarget(options, endToEnd: true),
        _ => throw new ArgumentException($"unknown target '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };
}
