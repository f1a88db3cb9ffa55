namespace PyChat.Client.Internal;

/// <summary>
/// Paces the frames one connection sends to the rate the relay announced in Hello (a token bucket like the
/// relay's own, a little slower and with half its burst), so that a pasted screenful of lines is sent more
/// slowly rather than refused for rate. Used by the send loop only: not thread-safe.
/// </summary>
internal sealed class SendPacer(TimeProvider time)
{
    // Below the relay's figures: its clock and ours differ, and the network can bunch frames up.
    private const double RateMargin = 0.9;

    private double _perSecond = double.PositiveInfinity;
    private double _capacity = double.PositiveInfinity;
    private double _tokens = double.PositiveInfinity;
    private long _updated = time.GetTimestamp();

    /// <summary>Takes the relay's limits (from Hello): sustained frames per second and the burst above them.</summary>
    public void Configure(int framesPerSecond, int burst)
    {
        _perSecond = Math.Max(1, framesPerSecond * RateMargin);
        _capacity = Math.Max(1, burst / 2.0);
        _tokens = _capacity;
        _updated = time.GetTimestamp();
    }

    /// <summary>Waits until one more frame may be sent, then counts it.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        Refill();
        if (_tokens < 1)
        {
            var wait = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            Refill();
        }

        _tokens = Math.Max(0, _tokens - 1);
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + (time.GetElapsedTime(_updated, now).TotalSeconds * _perSecond));
        _updated = now;
    }
}
