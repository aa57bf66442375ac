namespace Watcher.Feeds;

/// <summary>
/// One poll's fetches in flight per host (Polling:MaxConcurrencyPerHost), and the signal that wakes the
/// poll when a fetch ends, a feed is done or claims come back.
/// </summary>
internal sealed class FetchSlots(int perHost)
{
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>A fetch slot on the host, or null when the host has all it may have.</summary>
    public FetchSlot? TryTake(string host)
    {
        lock (_inFlight)
        {
            var count = _inFlight.GetValueOrDefault(host);
            if (count >= perHost)
                return null;
            _inFlight[host] = count + 1;
            return new FetchSlot(this, host);
        }
    }

    internal void Give(string host)
    {
        lock (_inFlight)
        {
            if (--_inFlight[host] == 0)
                _inFlight.Remove(host);
        }
        Wake();
    }

    public void Wake() => _wake.Release();

    /// <summary>Until something changed, or <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}

/// <summary>One fetch's place on its host; given back once, when the fetch ends.</summary>
internal sealed class FetchSlot(FetchSlots slots, string host)
{
    private int _released;

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            slots.Give(host);
    }
}
