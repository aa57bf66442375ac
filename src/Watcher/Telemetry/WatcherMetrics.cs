using System.Diagnostics;
using System.Diagnostics.Metrics;
using Watcher.Feeds;

namespace Watcher.Telemetry;

/// <summary>
/// Watcher's own instruments, meter "Watcher". The pipeline calls these at a few points; the gauges read
/// from the database are <see cref="DatabaseGauges"/>. Exported as Prometheus text on /metrics
/// (OpenTelemetry turns "watcher.items.new" into watcher_items_new_total) and over OTLP when configured.
/// </summary>
public sealed class WatcherMetrics
{
    public const string MeterName = "Watcher";

    /// <summary>Spans of polls and digest sends, exported only over OTLP.</summary>
    public static readonly ActivitySource Tracing = new(MeterName);

    private static readonly IReadOnlyList<double> DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly Histogram<double> _pollDuration;
    private readonly Counter<long> _fetches;
    private readonly Counter<long> _itemsFetched;
    private readonly Counter<long> _itemsNew;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _digests;

    public WatcherMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _pollDuration = Meter.CreateHistogram("watcher.poll.duration", "s", "Duration of one poll of the due feeds",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _fetches = Meter.CreateCounter<long>("watcher.feed.fetches", null, "Feed fetches by result: fetched, not_modified, failed");
        _itemsFetched = Meter.CreateCounter<long>("watcher.items.fetched", null, "Items read from fetched feed documents");
        _itemsNew = Meter.CreateCounter<long>("watcher.items.new", null, "Items not seen before");
        _hits = Meter.CreateCounter<long>("watcher.hits", null, "New items classified relevant (hits)");
        _decisions = Meter.CreateCounter<long>("watcher.classify.decisions", null, "Classifier decisions on new items, by relevant=true|false");
        _digests = Meter.CreateCounter<long>("watcher.digests", null, "Digest, alert and empty-day mails by list, kind and outcome (sent, failed, ambiguous: cut off after the data went to the server)");
    }

    /// <summary>The meter, for the database gauges to add their instruments to.</summary>
    public Meter Meter { get; }

    /// <summary>One poll that polled at least one feed.</summary>
    public void PollFinished(PollSummary summary, TimeSpan duration)
    {
        _pollDuration.Record(duration.TotalSeconds);
        foreach (var feed in summary.Feeds)
        {
            _fetches.Add(1, new KeyValuePair<string, object?>("result", feed.Status switch
            {
                FetchStatus.Fetched => "fetched",
                FetchStatus.NotModified => "not_modified",
                _ => "failed",
            }));
            _itemsFetched.Add(feed.Items);
            _itemsNew.Add(feed.NewItems);
            _hits.Add(feed.NewHits);
            // Every new item is classified once; the relevant ones are the hits.
            _decisions.Add(feed.NewHits, new KeyValuePair<string, object?>("relevant", "true"));
            _decisions.Add(feed.NewItems - feed.NewHits, new KeyValuePair<string, object?>("relevant", "false"));
        }
    }

    /// <summary>A digest run's outcome (<see cref="DigestOutcomes"/>); <paramref name="kind"/> is digest, empty or alert.</summary>
    public void DigestOutcome(string list, string kind, string outcome) =>
        _digests.Add(1,
            new KeyValuePair<string, object?>("list", list),
            new KeyValuePair<string, object?>("kind", kind),
            new KeyValuePair<string, object?>("outcome", outcome));
}

/// <summary>The outcome label of watcher_digests_total.</summary>
public static class DigestOutcomes
{
    public const string Sent = "sent";
    public const string Failed = "failed";

    /// <summary>The server may or may not have taken the mail (the run is left for an admin).</summary>
    public const string Ambiguous = "ambiguous";
}
