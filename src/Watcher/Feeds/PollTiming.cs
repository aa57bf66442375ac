namespace Watcher.Feeds;

/// <summary>
/// When a feed is polled next. Each feed has a stable phase inside the polling interval (from its id),
/// so a thousand feeds spread over the interval instead of firing together, and stay spread.
/// </summary>
public static class PollTiming
{
    /// <summary>The feed's own floor (RSS ttl, sy:updatePeriod) is honoured up to this; beyond it a feed would look dead.</summary>
    public static readonly TimeSpan MaxFeedFloor = TimeSpan.FromDays(1);

    /// <summary>
    /// The first of the feed's slots (phase + k × interval) that is at least half an interval away,
    /// and never sooner than the feed's own floor: on average one interval between polls.
    /// </summary>
    public static DateTimeOffset NextPoll(long feedId, DateTimeOffset now, TimeSpan interval, TimeSpan? feedFloor)
    {
        var floor = feedFloor is { } f && f > TimeSpan.Zero ? (f > MaxFeedFloor ? MaxFeedFloor : f) : TimeSpan.Zero;
        var earliest = now + (floor > interval / 2 ? floor : interval / 2);
        var phase = (long)(Phase(feedId) * interval.Ticks);
        var period = interval.Ticks;
        var sinceEpoch = earliest.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks - phase;
        var slots = sinceEpoch <= 0 ? 0 : (sinceEpoch + period - 1) / period;
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + phase + slots * period, TimeSpan.Zero);
    }

    /// <summary>A stable number in [0, 1) for the feed (Fibonacci hashing of its id).</summary>
    public static double Phase(long feedId) =>
        (unchecked((ulong)feedId * 0x9E3779B97F4A7C15UL) >> 11) / (double)(1UL << 53);

    /// <summary>After a failure: the retry ladder, but never before the server's Retry-After.</summary>
    public static DateTimeOffset NextRetry(DateTimeOffset now, int consecutiveFailures, TimeSpan? retryAfter, Random random)
    {
        var ladder = RetryLadder.Delay(consecutiveFailures, random);
        return now + (retryAfter is { } floor && floor > ladder ? floor : ladder);
    }

    /// <summary>How often the scheduler looks for due feeds: a tenth of the interval, between 1 s and 1 min.</summary>
    public static TimeSpan Tick(TimeSpan interval)
    {
        var tenth = interval / 10;
        return tenth < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : tenth > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : tenth;
    }

    /// <summary>The feed's floor from RSS &lt;ttl&gt; (minutes) or sy:updatePeriod/sy:updateFrequency.</summary>
    public static TimeSpan? FeedFloor(string? ttlMinutes, string? updatePeriod, string? updateFrequency)
    {
        if (int.TryParse(ttlMinutes, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ttl) && ttl > 0)
            return TimeSpan.FromMinutes(Math.Min(ttl, (int)MaxFeedFloor.TotalMinutes));
        if (string.IsNullOrWhiteSpace(updatePeriod))
            return null;
        TimeSpan? period = updatePeriod.Trim().ToUpperInvariant() switch
        {
            "HOURLY" => TimeSpan.FromHours(1),
            "DAILY" => TimeSpan.FromDays(1),
            "WEEKLY" => TimeSpan.FromDays(7),
            "MONTHLY" => TimeSpan.FromDays(30),
            "YEARLY" => TimeSpan.FromDays(365),
            _ => null,
        };
        if (period is null)
            return null;
        var frequency = int.TryParse(updateFrequency, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        var floor = period.Value / frequency;
        return floor > MaxFeedFloor ? MaxFeedFloor : floor;
    }
}
