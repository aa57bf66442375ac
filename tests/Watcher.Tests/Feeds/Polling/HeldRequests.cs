using Microsoft.AspNetCore.Http;

namespace Watcher.Tests.Feeds.Polling;

/// <summary>
/// Holds every request it wraps until the test opens it, counting arrivals and the requests in flight
/// per host: a test can look at the database while polls are mid-fetch, and see what a host received at once.
/// </summary>
internal sealed class HeldRequests
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _maxInFlight = new(StringComparer.Ordinal);
    private int _arrived;

    public int Arrived { get { lock (_inFlight) return _arrived; } }

    /// <summary>The most requests any one host had in flight at once.</summary>
    public int MaxInFlightPerHost { get { lock (_inFlight) return _maxInFlight.Values.DefaultIfEmpty(0).Max(); } }

    public Func<HttpContext, Task> Hold(Func<HttpContext, Task> answer) => async context =>
    {
        var host = context.Request.Host.Value ?? "";
        lock (_inFlight)
        {
            _arrived++;
            _inFlight[host] = _inFlight.GetValueOrDefault(host) + 1;
            _maxInFlight[host] = Math.Max(_maxInFlight.GetValueOrDefault(host), _inFlight[host]);
        }
        try
        {
            await _open.Task.WaitAsync(context.RequestAborted);
            await answer(context);
        }
        catch (OperationCanceledException)
        {
            // The client went away (a killed process): nothing to answer.
        }
        finally
        {
            lock (_inFlight)
                _inFlight[host]--;
        }
    };

    public void Open() => _open.TrySetResult();

    /// <summary>Waits (bounded) until <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForArrivalsAsync(int count, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (Arrived < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Arrived} of {count} requests arrived within {bound}");
            await Task.Delay(20);
        }
    }
}
