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
    /// <summary>A date further ahead than this is not believed: the item gets its first-seen time, flagged as estimated.</summary>
    public static readonly TimeSpan FutureDateTolerance = TimeSpan.FromMinutes(15);

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
        if (feeds.Count == 0)
            return new PollSummary([]);
        logger.PollStarted(feeds.Count);
        var classifier = await keywords.LoadClassifierAsync(ct);

        var limits = options.Value;
        var perHost = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);
        var outcomes = new ConcurrentBag<FeedOutcome>();
        var unchanged = new ConcurrentQueue<UnchangedFeed>();
        await Parallel.ForEachAsync(InterleaveByHost(feeds),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, limits.MaxConcurrency), CancellationToken = ct },
            async (feed, token) =>
            {
                var gate = perHost.GetOrAdd(HostOf(feed.Url), _ => new SemaphoreSlim(Math.Max(1, limits.MaxConcurrencyPerHost)));
                await gate.WaitAsync(token);
                try
                {
                    outcomes.Add(await PollIsolatedAsync(feed, classifier, unchanged, token));
                }
                finally
                {
                    gate.Release();
                }
            });
        foreach (var gate in perHost.Values)
            gate.Dispose();
        await StoreUnchangedAsync([.. unchanged], ct);

        var summary = new PollSummary([.. outcomes.OrderBy(o => o.Url, StringComparer.Ordinal)]);
        logger.PollFinished((long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            summary.Fetched, summary.NotModified, summary.Failed, summary.NewItems, summary.NewHits);
        return summary;
    }

    /// <summary>Round-robin over hosts, so that workers waiting on one busy host do not idle the others.</summary>
    internal static IEnumerable<Feed> InterleaveByHost(IReadOnlyList<Feed> feeds)
    {
        var queues = feeds.GroupBy(f => HostOf(f.Url), StringComparer.OrdinalIgnoreCase).Select(g => new Queue<Feed>(g)).ToList();
        while (queues.Count > 0)
        {
            foreach (var queue in queues)
                yield return queue.Dequeue();
            queues.RemoveAll(q => q.Count == 0);
        }
    }

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;

    /// <summary>
    /// A bug or a bad document in one feed is recorded on that feed and the others go on; a database
    /// that cannot be reached is not a feed's fault and ends the poll.
    /// </summary>
    private async Task<FeedOutcome> PollIsolatedAsync(Feed feed, RelevanceClassifier classifier,
        ConcurrentQueue<UnchangedFeed> unchanged, CancellationToken ct)
    {
        try
        {
            return await PollFeedAsync(feed, classifier, unchanged, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && !IsInfrastructureFailure(e))
        {
            return await RecordFailureAsync(feed, new FetchResult(FetchStatus.Failed, ErrorKind: FeedErrorKinds.Internal,
                Error: $"{e.GetType().Name}: {e.Message}"), ct);
        }
    }

    /// <summary>The server refusing one feed's data (a constraint, a bad value) is that feed's problem; no connection is everyone's.</summary>
    private static bool IsInfrastructureFailure(Exception e) =>
        e is TimeoutException
        || e is NpgsqlException and not PostgresException
        || e is PostgresException { IsTransient: true }
        || e.InnerException is NpgsqlException { IsTransient: true };

    private async Task<FeedOutcome> PollFeedAsync(Feed feed, RelevanceClassifier classifier,
        ConcurrentQueue<UnchangedFeed> unchanged, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Some servers keep answering 304 to stale validators: now and then, ask without them.
        var fullFetch = feed.LastFullFetchAt is null || now - feed.LastFullFetchAt >= options.Value.FullFetchEvery;
        var fetch = fullFetch
            ? await fetcher.FetchAsync(feed.Url, null, null, ct)
            : await fetcher.FetchAsync(feed.Url, feed.ETag, feed.LastModified, ct);
        if (fetch.Status == FetchStatus.Failed)
            return await RecordFailureAsync(feed, fetch, ct);
        if (fetch.Status == FetchStatus.NotModified && fetch.PermanentUrl is null)
        {
            // Nothing to lose if the poll stops before these are written: the feed is simply asked again.
            var polled = clock.GetUtcNow();
            unchanged.Enqueue(new UnchangedFeed(feed.Id, polled, PollTiming.NextPoll(feed.Id, polled, options.Value.Interval, feed.MinPollInterval)));
            return new FeedOutcome(feed.Url, FetchStatus.NotModified, 0, 0, 0, null, null);
        }
        if (fetch.Status == FetchStatus.NotModified)
            return await StoreUnchangedAsync(feed, fetch, ct);

        ParsedFeed parsed;
        try
        {
            parsed = FeedParser.Parse(fetch.Body!, fetch.Charset, new Uri(fetch.PermanentUrl ?? feed.Url));
        }
        catch (FeedParseException e)
        {
            return await RecordFailureAsync(feed, fetch with { Status = FetchStatus.Failed, ErrorKind = FeedErrorKinds.Parse, Error = e.Message }, ct);
        }
        return await StoreAsync(feed, fetch, parsed, fullFetch, classifier, ct);
    }

    /// <summary>304: one UPDATE, validators kept.</summary>
    private async Task<FeedOutcome> StoreUnchangedAsync(Feed feed, FetchResult fetch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var next = PollTiming.NextPoll(feed.Id, now, options.Value.Interval, feed.MinPollInterval);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var url = await MovedUrlAsync(db, feed, fetch, ct);
        await db.Feeds.Where(f => f.Id == feed.Id).ExecuteUpdateAsync(set => set
            .SetProperty(f => f.Url, url)
            .SetProperty(f => f.LastPolledAt, now)
            .SetProperty(f => f.LastSuccessAt, now)
            .SetProperty(f => f.ConsecutiveFailures, 0)
            .SetProperty(f => f.LastErrorKind, (string?)null)
            .SetProperty(f => f.LastError, (string?)null)
            .SetProperty(f => f.FailingSince, (DateTimeOffset?)null)
            .SetProperty(f => f.NextPollAt, next), ct);
        logger.FeedPolled(feed.Url, 0, 0, 0);
        return new FeedOutcome(url, FetchStatus.NotModified, 0, 0, 0, null, null);
    }

    /// <summary>Every plain 304 of the poll in one UPDATE per thousand feeds, rather than one round trip each.</summary>
    private async Task StoreUnchangedAsync(IReadOnlyList<UnchangedFeed> feeds, CancellationToken ct)
    {
        if (feeds.Count == 0)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var chunk in feeds.Chunk(1000))
        {
            var ids = chunk.Select(f => f.Id).ToArray();
            var polled = chunk.Select(f => f.PolledAt).ToArray();
            var next = chunk.Select(f => f.NextPollAt).ToArray();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE feeds AS f
                SET last_polled_at = v.polled, last_success_at = v.polled, consecutive_failures = 0,
                    last_error_kind = NULL, last_error = NULL, failing_since = NULL, next_poll_at = v.next
                FROM unnest({ids}, {polled}, {next}) AS v(id, polled, next)
                WHERE f.id = v.id
                """, ct);
        }
    }

    /// <summary>
    /// New items, their hits and the feed's new validators go in one SaveChanges, one batch that
    /// commits or fails whole: a poll cut short leaves the feed as it was, and its items are read again next time.
    /// </summary>
    private async Task<FeedOutcome> StoreAsync(Feed feed, FetchResult fetch, ParsedFeed parsed, bool fullFetch,
        RelevanceClassifier classifier, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var candidates = Candidates(parsed.Items);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Not in the transaction: one poller runs at a time (the job is not concurrent), and the unique
        // (feed, identity) index would refuse a duplicate anyway.
        var fresh = candidates.Count == 0 ? [] : await UnseenAsync(db, feed.Id, candidates, ct);

        var newHits = 0;
        foreach (var candidate in fresh)
        {
            var item = candidate.Item;
            var text = CleanText.Of(item);
            var published = Believable(item.Published, now);
            var verdict = classifier.Classify(text.Title, text.Summary);
            db.SeenItems.Add(new SeenItem
            {
                FeedId = feed.Id,
                Identity = candidate.Identity,
                LinkIdentity = candidate.LinkIdentity,
                FirstSeenAt = now,
                Relevant = verdict.Relevant,
                Score = verdict.Score,
                Title = Truncate(text.Title, 1000),
                Summary = Truncate(text.Summary, 4000),
                Link = text.Link,
                PublishedAt = published,
            });
            if (!verdict.Relevant)
                continue;
            var hit = ToHit(feed, published, text, verdict, now);
            db.Hits.Add(hit);
            newHits++;
            logger.HitFound(feed.Url, hit.Title, hit.Score, string.Join(", ", hit.MatchedTerms));
        }

        var tracked = db.Feeds.Attach(feed).Entity;
        tracked.Url = await MovedUrlAsync(db, feed, fetch, ct);
        tracked.ETag = fetch.ETag;
        tracked.LastModified = fetch.LastModified;
        if (fullFetch)
            tracked.LastFullFetchAt = now;
        tracked.MinPollInterval = parsed.MinPollInterval;
        tracked.LastPolledAt = now;
        tracked.LastSuccessAt = now;
        tracked.ConsecutiveFailures = 0;
        tracked.LastErrorKind = null;
        tracked.LastError = null;
        tracked.FailingSince = null;
        tracked.NextPollAt = PollTiming.NextPoll(feed.Id, now, options.Value.Interval, parsed.MinPollInterval);
        if (fresh.Count > 0)
            tracked.LastNewItemAt = now;
        // SaveChanges is atomic on its own: one batch is one implicit transaction, a split batch gets EF's own.
        await db.SaveChangesAsync(ct);

        logger.FeedPolled(feed.Url, parsed.Items.Count, fresh.Count, newHits);
        return new FeedOutcome(tracked.Url, FetchStatus.Fetched, parsed.Items.Count, fresh.Count, newHits, null, null);
    }

    /// <summary>
    /// The document's items, each once (a repeated identity is the same item). A link shared by
    /// several items of one document (a feed linking every item to its home page) identifies none of them.
    /// </summary>
    internal static List<Candidate> Candidates(IReadOnlyList<ParsedItem> items)
    {
        var linkCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var withLinks = new List<(string Identity, string? Link, ParsedItem Item)>(items.Count);
        foreach (var item in items)
        {
            var link = ItemIdentity.LinkOf(item);
            if (link is not null)
                linkCounts[link] = linkCounts.GetValueOrDefault(link) + 1;
            withLinks.Add((ItemIdentity.Of(item), link, item));
        }
        var identities = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<Candidate>(items.Count);
        foreach (var (identity, link, item) in withLinks)
        {
            if (identities.Add(identity))
                candidates.Add(new Candidate(identity, link is not null && linkCounts[link] == 1 ? link : null, item));
        }
        return candidates;
    }

    /// <summary>One query: an item is seen when its identity or its link identity is already stored for the feed.</summary>
    private static async Task<List<Candidate>> UnseenAsync(WatcherDbContext db, long feedId, List<Candidate> candidates, CancellationToken ct)
    {
        var identities = candidates.Select(c => c.Identity).ToList();
        var links = candidates.Where(c => c.LinkIdentity is not null).Select(c => c.LinkIdentity!).ToList();
        var seen = await db.SeenItems.AsNoTracking()
            .Where(s => s.FeedId == feedId && (identities.Contains(s.Identity) || (s.LinkIdentity != null && links.Contains(s.LinkIdentity))))
            .Select(s => new { s.Identity, s.LinkIdentity })
            .ToListAsync(ct);
        if (seen.Count == 0)
            return candidates;
        var seenIdentities = seen.Select(s => s.Identity).ToHashSet(StringComparer.Ordinal);
        var seenLinks = seen.Where(s => s.LinkIdentity is not null).Select(s => s.LinkIdentity!).ToHashSet(StringComparer.Ordinal);
        return [.. candidates.Where(c => !seenIdentities.Contains(c.Identity) && (c.LinkIdentity is null || !seenLinks.Contains(c.LinkIdentity)))];
    }

    /// <summary>The URL to keep: where permanent redirects led, unless another feed already has it.</summary>
    private async Task<string> MovedUrlAsync(WatcherDbContext db, Feed feed, FetchResult fetch, CancellationToken ct)
    {
        if (fetch.PermanentUrl is not { } moved || moved == feed.Url)
            return feed.Url;
        if (await db.Feeds.AsNoTracking().AnyAsync(f => f.Url == moved && f.Id != feed.Id, ct))
            return feed.Url;
        logger.FeedMoved(feed.Url, moved);
        return moved;
    }

    /// <summary>A missing, unreadable or future date is not invented: null, and the first-seen time stands in.</summary>
    internal static DateTimeOffset? Believable(DateTimeOffset? published, DateTimeOffset now) =>
        published is { } date && date <= now + FutureDateTolerance ? date : null;

    private static Hit ToHit(Feed feed, DateTimeOffset? published, CleanText text, Verdict verdict, DateTimeOffset now) => new()
    {
        FeedId = feed.Id,
        Title = string.IsNullOrWhiteSpace(text.Title) ? "(sans titre)" : Truncate(text.Title, 1000),
        Link = text.Link,
        Summary = Truncate(text.Summary, 4000),
        PublishedAt = published ?? now,
        PublishedEstimated = published is null,
        Score = verdict.Score,
        MatchedTerms = [.. verdict.Matches.Select(m => m.Term).Distinct(StringComparer.Ordinal)],
        FoundAt = now,
    };

    /// <summary>
    /// The failure is recorded on the feed with the next try on the retry ladder (not before a
    /// Retry-After); HTTP 410 turns the feed off with the reason shown in `watcher feeds list`.
    /// </summary>
    private async Task<FeedOutcome> RecordFailureAsync(Feed feed, FetchResult fetch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var kind = fetch.ErrorKind ?? FeedErrorKinds.Internal;
        var error = Truncate(fetch.Error ?? "unknown error", 1000);
        var failures = feed.ConsecutiveFailures + 1;
        var gone = kind == FeedErrorKinds.Gone;
        var next = PollTiming.NextRetry(now, failures, fetch.RetryAfter, Random.Shared);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var url = await MovedUrlAsync(db, feed, fetch, ct);
        await db.Feeds.Where(f => f.Id == feed.Id).ExecuteUpdateAsync(set => set
            .SetProperty(f => f.Url, url)
            .SetProperty(f => f.LastPolledAt, now)
            .SetProperty(f => f.ConsecutiveFailures, failures)
            .SetProperty(f => f.LastErrorKind, kind)
            .SetProperty(f => f.LastError, error)
            .SetProperty(f => f.FailingSince, f => f.FailingSince ?? now)
            .SetProperty(f => f.Enabled, f => f.Enabled && !gone)
            .SetProperty(f => f.DisabledReason, f => gone ? "HTTP 410 Gone: the server says the feed was removed" : f.DisabledReason)
            .SetProperty(f => f.NextPollAt, next), ct);
        logger.FeedFailed(feed.Url, kind, failures, error, next);
        if (gone)
            logger.FeedDisabled(feed.Url, error);
        return new FeedOutcome(url, FetchStatus.Failed, 0, 0, 0, kind, error);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

internal sealed record UnchangedFeed(long Id, DateTimeOffset PolledAt, DateTimeOffset NextPollAt);

internal sealed record Candidate(string Identity, string? LinkIdentity, ParsedItem Item);

/// <summary>An item's title and summary as text (HTML removed), and its link normalised.</summary>
internal sealed record CleanText(string Title, string Summary, string? Link)
{
    public static CleanText Of(ParsedItem item) => new(
        NoNul(HtmlText.ToPlainText(item.Title)),
        NoNul(HtmlText.ToPlainText(item.Summary)),
        // Some feeds give the article's URL only as the guid.
        NoNul(ItemIdentity.NormalizeLink(item.Link) ?? ItemIdentity.NormalizeLink(item.Guid) ?? item.Link));

    /// <summary>PostgreSQL text cannot hold U+0000 (a JSON Feed can).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? NoNul(string? text) =>
        text is not null && text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;
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
