namespace Watcher.Feeds;

/// <summary>How long a failing feed rests before the next try: a ladder from a minute to a day, with jitter.</summary>
public static class RetryLadder
{
    private static readonly TimeSpan[] Steps =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromHours(24),
    ];

    /// <summary>Delay after <paramref name="consecutiveFailures"/> failures in a row (1 or more), ±10 % jitter so failing feeds don't retry in step.</summary>
    public static TimeSpan Delay(int consecutiveFailures, Random random)
    {
        var step = Steps[Math.Clamp(consecutiveFailures, 1, Steps.Length) - 1];
        var jitter = 0.9 + random.NextDouble() * 0.2;
        return TimeSpan.FromSeconds(step.TotalSeconds * jitter);
    }
}
