using Microsoft.Extensions.Logging;

namespace Watcher;

/// <summary>Every log message of the service, source-generated. Event ids: 1xx feeds, 2xx relevance, 3xx digest, 9xx host.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "Poll started: {FeedCount} feed(s) due")]
    public static partial void PollStarted(this ILogger logger, int feedCount);

    [LoggerMessage(101, LogLevel.Information, "Poll finished in {ElapsedMs} ms: {Fetched} fetched, {NotModified} unchanged, {Failed} failed, {NewItems} new item(s), {NewHits} new hit(s)")]
    public static partial void PollFinished(this ILogger logger, long elapsedMs, int fetched, int notModified, int failed, int newItems, int newHits);

    [LoggerMessage(102, LogLevel.Warning, "Feed {FeedUrl} failed ({ErrorKind}, {ConsecutiveFailures} in a row): {Error}; next try at {NextPollAt:u}")]
    public static partial void FeedFailed(this ILogger logger, string feedUrl, string errorKind, int consecutiveFailures, string error, DateTimeOffset nextPollAt);

    [LoggerMessage(103, LogLevel.Debug, "Feed {FeedUrl}: {ItemCount} item(s), {NewItems} new, {NewHits} hit(s)")]
    public static partial void FeedPolled(this ILogger logger, string feedUrl, int itemCount, int newItems, int newHits);

    [LoggerMessage(104, LogLevel.Information, "Hit in {FeedUrl}: \"{Title}\" (score {Score:0.0}; {Matched})")]
    public static partial void HitFound(this ILogger logger, string feedUrl, string title, double score, string matched);

    [LoggerMessage(200, LogLevel.Information, "No keywords yet: learning from the seed articles in {SeedsDirectory}")]
    public static partial void LearningAtStart(this ILogger logger, string seedsDirectory);

    [LoggerMessage(201, LogLevel.Information, "Learned {TermCount} keyword(s) from {SeedCount} seed article(s)")]
    public static partial void Learned(this ILogger logger, int termCount, int seedCount);

    [LoggerMessage(900, LogLevel.Information, "Database schema is up to date ({Applied} migration(s) applied now)")]
    public static partial void Migrated(this ILogger logger, int applied);

    [LoggerMessage(901, LogLevel.Information, "Watcher started: polling every {Interval}, digest on '{Cron}' ({TimeZone}), delivery by {Delivery}")]
    public static partial void ServiceStarted(this ILogger logger, TimeSpan interval, string cron, string timeZone, string delivery);
}
