using System.Diagnostics;
using PyChat.Bench.LoadGen.Targets;

namespace PyChat.Bench.LoadGen.Scenarios;

/// <summary>
/// One simulated room member: receives (and times) what others send, and sends on the schedule that
/// the scenario's single timer loop pumps. Sends of one peer never overlap: a pump that finds the
/// previous send still running leaves the catch-up to it.
/// </summary>
internal sealed class LoadPeer(int id, int room, StepWindowSource windows) : IPayloadSink
{
    private readonly byte[] _payload = BenchPayload.Create(id);
    private long _firstTicks;
    private long _ticksPerMessage;
    private long _stopTicks;
    private long _sentThisStep;
    private long _sequence;
    private int _sending;

    public int Id => id;

    public int Room => room;

    public IBenchClient? Client { get; set; }

    /// <summary>Sets this step's schedule: one payload every <paramref name="ticksPerMessage"/>, from <paramref name="firstTicks"/> until <paramref name="stopTicks"/>.</summary>
    public void Schedule(long firstTicks, long ticksPerMessage, long stopTicks)
    {
        _firstTicks = firstTicks;
        _ticksPerMessage = ticksPerMessage;
        _stopTicks = stopTicks;
        Volatile.Write(ref _sentThisStep, 0);
    }

    public bool IsSending => Volatile.Read(ref _sending) != 0;

    public void Pump(long nowTicks)
    {
        if (Volatile.Read(ref _sending) != 0 || Volatile.Read(ref _sentThisStep) >= DueBy(nowTicks) || Client is null)
        {
            return;
        }

        Volatile.Write(ref _sending, 1);
        _ = SendDueAsync();
    }

    public void OnPayload(ReadOnlySpan<byte> payload)
    {
        var now = Stopwatch.GetTimestamp();
        var window = windows.Current;
        if (window is null)
        {
            return;
        }

        if (!BenchPayload.TryRead(payload, out var sender, out var scheduled) || sender == id)
        {
            window.OnError();
            return;
        }

        if (scheduled >= window.MeasureFromTicks)
        {
            window.Latency[id].Record((now - scheduled) * 1_000_000 / Stopwatch.Frequency);
        }
    }

    public void OnAcknowledged(long scheduledTicks)
    {
        var now = Stopwatch.GetTimestamp();
        var window = windows.Current;
        if (window is not null && scheduledTicks >= window.MeasureFromTicks)
        {
            window.AckLatency[id].Record((now - scheduledTicks) * 1_000_000 / Stopwatch.Frequency);
        }
    }

    public void OnError(Exception error) => windows.Current?.OnError();

    private long DueBy(long nowTicks)
    {
        var elapsed = Math.Min(nowTicks, _stopTicks) - _firstTicks;
        return elapsed < 0 ? 0 : (elapsed / _ticksPerMessage) + 1;
    }

    private async Task SendDueAsync()
    {
        try
        {
            while (_sentThisStep < DueBy(Stopwatch.GetTimestamp()))
            {
                var scheduled = _firstTicks + (_sentThisStep * _ticksPerMessage);
                BenchPayload.Stamp(_payload, scheduled, _sequence++);
                await Client!.SendAsync(_payload);
                Volatile.Write(ref _sentThisStep, _sentThisStep + 1);
                var window = windows.Current;
                if (window is not null && scheduled >= window.MeasureFromTicks)
                {
                    window.Sent[id]++;
                }
            }
        }
        catch (Exception)
        {
            windows.Current?.OnError();
            Client = null; // A peer whose send failed stops sending; the step fails on its error.
        }
        finally
        {
            Volatile.Write(ref _sending, 0);
        }
    }
}
