namespace PyChat.Bench.LoadGen.Targets;

/// <summary>
/// The targets the load generator can drive, by <c>--target</c> name.
/// </summary>
/// <remarks>
/// <c>pychat</c> is the PyChat relay with payloads encrypted and signed before the clock starts
/// (the relay's own cost); scheduling, latency and memory are target-agnostic.
/// </remarks>
internal static class BenchTargets
{
    public static IReadOnlyList<string> Names { get; } = ["ws", "signalr", "pychat"];

    public static IBenchTarget Create(string name, BenchTargetOptions options) => name switch
    {
        "ws" => new RawWebSocketTarget(options),
        "signalr" => new SignalRTarget(options),
        "pychat" => new PyChat.PyChatTarget(options),
        _ => throw new ArgumentException($"unknown target '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };
}
