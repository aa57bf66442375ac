using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Watcher.Data;
using Watcher.Relevance;

namespace Watcher.Feeds;

/// <summary>One poll: fetch every due feed, parse, classify new items, store them with the feed's new state.</summary>
public sealed class FeedPoller(
    IDbContextFactory<WatcherDbContext> dbFactory,
    FeedFetcher fetcher,
    KeywordStore keywords,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    ILogger<FeedPoller> logger)
{
    /// <param name="force">Poll every enabled feed, due or not (the `watcher poll` command).</param>
    public async Task<PollSummary> PollAsync(bool force, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        List<Feed> feeds;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            feeds = await db.Feeds.AsNoTracking()
                .Where(f => f.Enabled && (force || f.NextPollAt == null || f.NextPollAt <= now))
                .OrderBy(f => f.Id)
                .ToListAsync(ct);
        }
        logger.PollStarted(feeds.Count);
        var classifier = await keywords.LoadClassifierAsync(ct);

        var outcomes = new ConcurrentBag<FeedOutcome>();
        await Parallel.ForEachAsync(feeds,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxConcurrency), CancellationToken = ct },
            async (feed, token) => outcomes.Add(await PollIsolatedAsync(feed, classifier, token)));

        var summary = new PollSummary([.. outcomes.OrderBy(o => o.Url, StringComparer.Ordinal)]);
        logger.PollFinished((long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            summary.Fetched, summary.NotModified, summary.Failed, summary.NewItems, summary.NewHits);
        return summary;
    }

    /// <summary>
    /// A bug or a bad document in one feed is recorded on that feed and the others go on; a database
    /// that cannot be reached is not a feed's fault and ends the poll.
    /// </summary>
    private async Task<FeedOutcome> PollIsolatedAsync(Feed feed, RelevanceClassifier classifier, CancellationToken ct)
    {
        try
        {
            return await PollFeedAsync(feed, classifier, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && !IsInfrastructureFailure(e))
        {
            return await RecordFailureAsync(feed, FeedErrorKinds.Internal, $"{e.GetType().Name}: {e.Message}", ct);
        }
    }

    private static bool IsInfrastructureFailure(Exception e) =>
        e is NpgsqlException || e.InnerException is NpgsqlException { IsTransient: true } || e is TimeoutException;

    private async Task<FeedOutcome> PollFeedAsync(Feed feed, RelevanceClassifier classifier, CancellationToken ct)
    {
        var fetch = await fetcher.FetchAsync(feed.Url, feed.ETag, feed.LastModified, ct);
        if (fetch.Status == FetchStatus.Failed)
            return await RecordFailureAsync(feed, fetch.ErrorKind!, fetch.Error!, ct);
        if (fetch.Status == FetchStatus.NotModified)
            return await StoreAsync(feed, fetch, [], classifier, ct);

        ParsedFeed parsed;
        try
        {
            parsed = FeedParser.Parse(fetch.Body!, fetch.Charset, new Uri(feed.Url));
        }
        catch (FeedParseException e)
        {
            return await RecordFailureAsync(feed, FeedErrorKinds.Parse, e.Message, ct);
        }
        return await StoreAsync(feed, fetch, parsed.Items, classifier, ct);
    }

    /// <summary>
    /// New items, their hits and the feed's new validators go in one transaction: a poll cut short
    /// leaves the feed as it was, and its items are read again next time.
    /// </summary>
    private async Task<FeedOutcome> StoreAsync(Feed feed, FetchResult fetch, IReadOnlyList<ParsedItem> items,
        RelevanceClassifier classifier, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var byIdentity = new Dictionary<string, ParsedItem>(StringComparer.Ordinal);
        foreach (var item in items)
            byIdentity.TryAdd(ItemIdentity.Of(item), item);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var identities = byIdentity.Keys.ToList();
        var seen = identities.Count == 0 ? [] : await db.SeenItems
            .Where(s => s.FeedId == feed.Id && identities.Contains(s.Identity))
            .Select(s => s.Identity)
            .ToHashSetAsync(StringComparer.Ordinal, ct);

        var newItems = 0;
        var newHits = 0;
        foreach (var (identity, item) in byIdentity)
        {
            if (seen.Contains(identity))
                continue;
            newItems++;
            var text = CleanText.Of(item);
            var verdict = classifier.Classify(text.Title, text.Summary);
            db.SeenItems.Add(new SeenItem
            {
                FeedId = feed.Id,
                Identity = identity,
                FirstSeenAt = now,
                Relevant = verdict.Relevant,
                Score = verdict.Score,
                Title = Truncate(text.Title, 1000),
                Summary = Truncate(text.Summary, 4000),
                Link = text.Link,
                PublishedAt = item.Published,
            });
            if (!verdict.Relevant)
                continue;
            var hit = ToHit(feed, item, text, verdict, now);
            db.Hits.Add(hit);
            newHits++;
            logger.HitFound(feed.Url, hit.Title, hit.Score, string.Join(", ", hit.MatchedTerms));
        }

        var tracked = db.Feeds.Attach(feed).Entity;
        if (fetch.Status == FetchStatus.Fetched)
        {
            tracked.ETag = fetch.ETag;
            tracked.LastModified = fetch.LastModified;
        }
        tracked.LastPolledAt = now;
        tracked.LastSuccessAt = now;
        tracked.ConsecutiveFailures = 0;
        tracked.LastErrorKind = null;
        tracked.LastError = null;
        tracked.FailingSince = null;
        tracked.NextPollAt = now + options.Value.Interval;
        if (newItems > 0)
            tracked.LastNewItemAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        logger.FeedPolled(feed.Url, items.Count, newItems, newHits);
        return new FeedOutcome(feed.Url, fetch.Status, items.Count, newItems, newHits, null, null);
    }

    private static Hit ToHit(Feed feed, ParsedItem item, CleanText text, Verdict verdict, DateTimeOffset now) => new()
    {
        FeedId = feed.Id,
        Title = string.IsNullOrWhiteSpace(text.Title) ? "(sans titre)" : Truncate(text.Title, 1000),
        Link = text.Link,
        Summary = Truncate(text.Summary, 4000),
        // An unreadable date is never invented: the first-seen time stands in, flagged as such.
        PublishedAt = item.Published ?? now,
        PublishedEstimated = item.Published is null,
        Score = verdict.Score,
        MatchedTerms = [.. verdict.Matches.Select(m => m.Term).Distinct(StringComparer.Ordinal)],
        FoundAt = now,
    };

    private async Task<FeedOutcome> RecordFailureAsync(Feed feed, string kind, string error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var failures = feed.ConsecutiveFailures + 1;
        var next = now + RetryLadder.Delay(failures, Random.Shared);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Feeds.Where(f => f.Id == feed.Id).ExecuteUpdateAsync(set => set
            .SetProperty(f => f.LastPolledAt, now)
            .SetProperty(f => f.ConsecutiveFailures, failures)
            .SetProperty(f => f.LastErrorKind, kind)
            .SetProperty(f => f.LastError, Truncate(error, 1000))
            .SetProperty(f => f.FailingSince, f => f.FailingSince ?? now)
            .SetProperty(f => f.NextPollAt, next), ct);
        logger.FeedFailed(feed.Url, kind, failures, error, next);
        return new FeedOutcome(feed.Url, FetchStatus.Failed, 0, 0, 0, kind, error);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>An item's title and summary as text (HTML removed), and its link normalised.</summary>
internal sealed record CleanText(string Title, string Summary, string? Link)
{
    public static CleanText Of(ParsedItem item) => new(
        HtmlText.ToPlainText(item.Title),
        HtmlText.ToPlainText(item.Summary),
        // Some feeds give the article's URL only as the guid.
        ItemIdentity.NormalizeLink(item.Link) ?? ItemIdentity.NormalizeLink(item.Guid) ?? item.Link);
}

public sealed record FeedOutcome(string Url, FetchStatus Status, int Items, int NewItems, int NewHits, string? ErrorKind, string? Error);

public sealed record PollSummary(IReadOnlyList<FeedOutcome> Feeds)
{
    public int Fetched => Feeds.Count(f => f.Status == FetchStatus.Fetched);
    public int NotModified => Feeds.Count(f => f.Status == FetchStatus.NotModified);
    public int Failed => Feeds.Count(f => f.Status == FetchStatus.Failed);
    public int NewItems => Feeds.Sum(f => f.NewItems);
    public int NewHits => Feeds.Sum(f => f.NewHits);
}
