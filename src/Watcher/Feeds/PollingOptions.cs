namespace Watcher.Feeds;

/// <summary>The "Polling" section: how often and how politely feeds are fetched.</summary>
public sealed class PollingOptions
{
    public const string Section = "Polling";

    /// <summary>Time between two polls of every feed.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whole request budget for one feed, headers and body.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body read from one feed, after decompression (a gzip bomb stops here).</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Feeds fetched at the same time.</summary>
    public int MaxConcurrency { get; set; } = 8;

    public int MaxRedirects { get; set; } = 5;

    public string UserAgent { get; set; } = "Watcher/1.0 (+news desk feed monitor)";
}
