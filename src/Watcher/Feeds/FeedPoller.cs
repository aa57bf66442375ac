using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Watcher.Data;
using Watcher.Relevance;
using Watcher.Telemetry;

namespace Watcher.Feeds;

/// <summary>One poll: fetch every due feed, parse, classify new items, store them with the feed's new state.</summary>
public sealed class FeedPoller(
    IDbContextFactory<WatcherDbContext> dbFactory,
    FeedFetcher fetcher,
    KeywordStore keywords,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    WatcherMetrics metrics,
    ILogger<FeedPoller> logger)
{
    /// <summary>A date further ahead than this is not believed: the item gets its first-seen time, flagged as estimated.</summary>
    public static readonly TimeSpan FutureDateTolerance = TimeSpan.FromMinutes(15);

    /// <param name="force">Poll every enabled feed, due or not (the `watcher poll` command).</param>
    /// <exception cref="PollAlreadyRunningException">Another process polls the same database right now.</exception>
    public async Task<PollSummary> PollAsync(bool force, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var (feeds, connectionString) = await DueFeedsAsync(force, ct);
        if (feeds.Count == 0)
            return new PollSummary([]);
        using var activity = WatcherMetrics.Tracing.StartActivity("watcher.poll");
        // The service's job and `watcher poll` (or two instances) would fetch and insert the same items.
        await using var pollLock = await AdvisoryLock.TryAcquireAsync(connectionString, AdvisoryLock.PollKey, ct);
        if (pollLock is null)
        {
            logger.PollSkipped();
            throw new PollAlreadyRunningException();
        }
        // Read again under the lock: a poll that just ended has moved what is due.
        (feeds, _) = await DueFeedsAsync(force, ct);
        if (feeds.Count == 0)
            return new PollSummary([]);
        logger.PollStarted(feeds.Count);
        var classifier = await keywords.LoadClassifierAsync(ct);

        var limits = options.Value;
        var perHost = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);
        var outcomes = new ConcurrentBag<FeedOutcome>();
        var unchanged = new ConcurrentQueue<UnchangedFeed>();
        var run = new PollRun(classifier, unchanged, connectionString);
        await Parallel.ForEachAsync(InterleaveByHost(feeds),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, limits.MaxConcurrency), CancellationToken = ct },
            async (feed, token) =>
            {
                var gate = perHost.GetOrAdd(HostOf(feed.Url), _ => new SemaphoreSlim(Math.Max(1, limits.MaxConcurrencyPerHost)));
                await gate.WaitAsync(token);
                try
                {
                    outcomes.Add(await PollIsolatedAsync(feed, run, token));
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
        metrics.PollFinished(summary, Stopwatch.GetElapsedTime(started));
        logger.PollFinished((long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            summary.Fetched, summary.NotModified, summary.Failed, summary.NewItems, summary.NewHits);
        return summary;
    }

    private async Task<(List<Feed> Feeds, string ConnectionString)> DueFeedsAsync(bool force, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("ConnectionStrings:Watcher is not set");
        var feeds = await db.Feeds.AsNoTracking()
            .Where(f => f.Enabled && (force || f.NextPollAt == null || f.NextPollAt <= now))
            .OrderBy(f => f.Id)
            .ToListAsync(ct);
        return (feeds, connectionString);
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
    private async Task<FeedOutcome> PollIsolatedAsync(Feed feed, PollRun run, CancellationToken ct)
    {
        try
        {
            return await PollFeedAsync(feed, run, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && !IsInfrastructureFailure(e))
        {
            // EF and Npgsql wrap the cause ("An error occurred while saving..."): the innermost message is the useful one.
            var cause = e;
            while (cause.InnerException is not null)
                cause = cause.InnerException;
            return await RecordFailureAsync(feed, new FetchResult(FetchStatus.Failed, ErrorKind: FeedErrorKinds.Internal,
                Error: $"{cause.GetType().Name}: {cause.Message}"), ct);
        }
    }

    /// <summary>The server refusing one feed's data (a constraint, a bad value) is that feed's problem; no connection is everyone's.</summary>
    private static bool IsInfrastructureFailure(Exception e) =>
        e is TimeoutException
        || e is NpgsqlException and not PostgresException
        || e is PostgresException { IsTransient: true }
        || e.InnerException is NpgsqlException { IsTransient: true };

    private async Task<FeedOutcome> PollFeedAsync(Feed feed, PollRun run, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Some servers keep answering 304 to stale validators: now and then, ask without them.
        var fullFetch = feed.LastFullFetchAt is null || now - feed.LastFullFetchAt >= options.Value.FullFetchEvery;
        var fetch = fullFetch
            ? await fetcher.FetchAsync(feed.Url, null, null, ct)
            : await fetcher.FetchAsync(feed.Url, feed.ETag, feed.LastModified, ct);
        if (fetch.Status == FetchStatus.Failed)
            return await RecordFailureAsync(feed, fetch, ct);
        if (fetch.Status == FetchStatus.NotModified)
        {
            if (fetch.PermanentUrl is not null)
                await MoveAsync(feed, fetch, ct);
            // Nothing to lose if the poll stops before these are written: the feed is simply asked again.
            var polled = clock.GetUtcNow();
            run.Unchanged.Enqueue(new UnchangedFeed(feed.Id, polled, PollTiming.NextPoll(feed.Id, polled, options.Value.Interval, feed.MinPollInterval)));
            return new FeedOutcome(feed.Url, FetchStatus.NotModified, 0, 0, 0, null, null);
        }

        ParsedFeed parsed;
        try
        {
            parsed = FeedParser.Parse(fetch.Body!, fetch.Charset, new Uri(fetch.PermanentUrl ?? feed.Url), options.Value.MaxItemsPerFeed);
        }
        catch (FeedParseException e)
        {
            return await RecordFailureAsync(feed, fetch with { Status = FetchStatus.Failed, ErrorKind = FeedErrorKinds.Parse, Error = e.Message }, ct);
        }
        return await StoreAsync(feed, fetch, parsed, fullFetch, run, ct);
    }

    /// <summary>A 304 reached through permanent redirects: the URL moves (the rest joins the batch of unchanged feeds).</summary>
    private async Task MoveAsync(Feed feed, FetchResult fetch, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var url = await MovedUrlAsync(db, feed, fetch, ct);
        if (url != feed.Url)
            await db.Feeds.Where(f => f.Id == feed.Id).ExecuteUpdateAsync(set => set.SetProperty(f => f.Url, url), ct);
        feed.Url = url;
    }

    /// <summary>Every plain 304 of the poll in one UPDATE per thousand feeds, rather than one round trip each.</summary>
    private async Task StoreUnchangedAsync(IReadOnlyList<UnchangedFeed> feeds, CancellationToken ct)
    {
        if (feeds.Count == 0)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        foreach (var chunk in feeds.Chunk(1000))
        {
            await using var command = new NpgsqlCommand(FeedWrites.UpdateUnchangedSql(), connection);
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. chunk.Select(f => f.Id)] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. chunk.Select(f => f.PolledAt.ToUniversalTime())] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. chunk.Select(f => f.NextPollAt.ToUniversalTime())] });
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// New items, their hits and the feed's new validators go in one batch (one round trip, one implicit
    /// transaction) that commits or fails whole: a poll cut short leaves the feed as it was, and its items
    /// are read again next time.
    /// </summary>
    private async Task<FeedOutcome> StoreAsync(Feed feed, FetchResult fetch, ParsedFeed parsed, bool fullFetch,
        PollRun run, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var candidates = Candidates(parsed.Items);

        var url = feed.Url;
        if (fetch.PermanentUrl is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            url = await MovedUrlAsync(db, feed, fetch, ct);
        }
        // A plain connection from the same pool as EF's: a DbContext per feed was a tenth of a first poll's CPU.
        await using var connection = new NpgsqlConnection(run.ConnectionString);
        await connection.OpenAsync(ct);
        // Not in the transaction: the poll lock keeps other pollers out, and the unique (feed, identity)
        // index would refuse a duplicate anyway.
        var fresh = candidates.Count == 0 ? [] : await UnseenAsync(connection, feed.Id, candidates, ct);

        var seen = new List<SeenItem>(fresh.Count);
        var hits = new List<Hit>();
        foreach (var candidate in fresh)
        {
            var text = CleanText.Of(candidate.Item, candidate.NormalizedLink);
            var published = Believable(candidate.Item.Published, now);
            var verdict = run.Classifier.Classify(text.Title, text.Summary);
            seen.Add(new SeenItem
            {
                FeedId = feed.Id,
                Identity = candidate.Identity,
                LinkIdentity = candidate.LinkIdentity,
                FirstSeenAt = now,
                Relevant = verdict.Relevant,
                Score = verdict.Score,
                Title = TextLimits.Truncate(text.Title, 1000),
                Summary = TextLimits.Truncate(text.Summary, 4000),
                Link = text.Link,
                PublishedAt = published,
            });
            if (verdict.Relevant)
                hits.Add(ToHit(feed, published, text, verdict, run.Classifier.Settings.MinSideScore, now));
        }

        var state = new Feed
        {
            Id = feed.Id,
            Url = url,
            ETag = fetch.ETag,
            LastModified = fetch.LastModified,
            MinPollInterval = parsed.MinPollInterval,
            NextPollAt = PollTiming.NextPoll(feed.Id, now, options.Value.Interval, parsed.MinPollInterval),
            LastWarning = WarningOf(parsed),
        };
        await using var batch = new NpgsqlBatch(connection);
        if (seen.Count > 0)
            batch.BatchCommands.Add(FeedWrites.InsertSeen(feed.Id, now, seen));
        foreach (var hit in hits)
            batch.BatchCommands.Add(FeedWrites.InsertHit(hit));
        batch.BatchCommands.Add(FeedWrites.UpdateFetched(state, now, fullFetch, seen.Count > 0));
        await batch.ExecuteNonQueryAsync(ct);

        if (parsed.ItemsCut > 0)
            logger.FeedItemsCut(feed.Url, parsed.Items.Count, parsed.Items.Count + parsed.ItemsCut);
        if (state.LastWarning is not null)
            logger.FeedReadLeniently(feed.Url, state.LastWarning);
        foreach (var hit in hits)
            logger.HitFound(feed.Url, hit.Title, hit.Score, string.Join(", ", hit.MatchedTerms));
        logger.FeedPolled(feed.Url, parsed.Items.Count, fresh.Count, hits.Count);
        return new FeedOutcome(url, FetchStatus.Fetched, parsed.Items.Count, fresh.Count, hits.Count, null, null);
    }

    /// <summary>What the feed shows about how its document was read; null when it read cleanly.</summary>
    internal static string? WarningOf(ParsedFeed parsed) =>
        parsed.Recoveries.Count == 0 ? null : TextLimits.Truncate("read leniently: " + string.Join("; ", parsed.Recoveries), 1000);

    /// <summary>
    /// The document's items, each once (a repeated identity is the same item). A link shared by
    /// several items of one document (a feed linking every item to its home page) identifies none of them.
    /// </summary>
    internal static List<Candidate> Candidates(IReadOnlyList<ParsedItem> items)
    {
        var linkCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var withLinks = new List<(string Identity, string? Link, string? Normalized, ParsedItem Item)>(items.Count);
        foreach (var item in items)
        {
            // Normalising a link parses URIs several times: once per item, kept for the item's text too.
            var normalized = ItemIdentity.NormalizeLink(item.Link);
            var link = ItemIdentity.LinkIdentityOf(normalized);
            if (link is not null)
                linkCounts[link] = linkCounts.GetValueOrDefault(link) + 1;
            withLinks.Add((ItemIdentity.Of(item, normalized), link, normalized, item));
        }
        var identities = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<Candidate>(items.Count);
        foreach (var (identity, link, normalized, item) in withLinks)
        {
            if (identities.Add(identity))
                candidates.Add(new Candidate(identity, link is not null && linkCounts[link] == 1 ? link : null, item, normalized));
        }
        return candidates;
    }

    /// <summary>One query: an item is seen when its identity or its link identity is already stored for the feed.</summary>
    private static async Task<List<Candidate>> UnseenAsync(NpgsqlConnection connection, long feedId, List<Candidate> candidates, CancellationToken ct)
    {
        var (seenIdentities, seenLinks) = await FeedWrites.SeenAsync(connection, feedId, candidates, ct);
        if (seenIdentities.Count == 0)
            return candidates;
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

    private static Hit ToHit(Feed feed, DateTimeOffset? published, CleanText text, Verdict verdict, double minSideScore, DateTimeOffset now) => new()
    {
        FeedId = feed.Id,
        Title = string.IsNullOrWhiteSpace(text.Title) ? "(sans titre)" : TextLimits.Truncate(text.Title, 1000),
        Link = text.Link,
        Summary = TextLimits.Truncate(text.Summary, 4000),
        PublishedAt = published ?? now,
        PublishedEstimated = published is null,
        Score = verdict.Score,
        MatchedTerms = [.. verdict.Matches.Select(m => m.Term).Distinct(StringComparer.Ordinal)],
        DecisiveTerms = [.. DecisiveTerms.Of(verdict, minSideScore).Select(t => TextLimits.Truncate(t, 200))],
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
        var error = TextLimits.Truncate(fetch.Error ?? "unknown error", 1000);
        var failures = feed.ConsecutiveFailures + 1;
        var gone = kind == FeedErrorKinds.Gone;
        var next = PollTiming.NextRetry(now, failures, fetch.RetryAfter, Random.Shared);
        // A redirect that ends in an error proves nothing about the new address: the URL stays.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Feeds.Where(f => f.Id == feed.Id).ExecuteUpdateAsync(set => set
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
        return new FeedOutcome(feed.Url, FetchStatus.Failed, 0, 0, 0, kind, error);
    }
}

internal sealed record PollRun(RelevanceClassifier Classifier, ConcurrentQueue<UnchangedFeed> Unchanged, string ConnectionString);

internal sealed record UnchangedFeed(long Id, DateTimeOffset PolledAt, DateTimeOffset NextPollAt);

internal sealed record Candidate(string Identity, string? LinkIdentity, ParsedItem Item, string? NormalizedLink = null);

/// <summary>An item's title and summary as text (HTML removed), and its link normalised.</summary>
internal sealed record CleanText(string Title, string Summary, string? Link)
{
    /// <param name="normalizedLink">The item's link, normalised already.</param>
    public static CleanText Of(ParsedItem item, string? normalizedLink) => new(
        NoNul(HtmlText.ToPlainText(item.Title)),
        NoNul(HtmlText.ToPlainText(item.Summary)),
        // Some feeds give the article's URL only as the guid.
        NoNul(normalizedLink ?? ItemIdentity.NormalizeLink(item.Guid) ?? item.Link));

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
