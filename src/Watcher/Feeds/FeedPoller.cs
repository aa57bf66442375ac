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
    IOptions<StorageOptions> storage,
    FeedFetcher fetcher,
    KeywordStore keywords,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    WatcherMetrics metrics,
    ILogger<FeedPoller> logger)
{
    /// <summary>A date further ahead than this is not believed: the item gets its first-seen time, flagged as estimated.</summary>
    public static readonly TimeSpan FutureDateTolerance = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Claims due feeds a batch at a time and polls them, until none is left that this poll can take.
    /// Other instances, and `watcher poll`, poll at the same time: each feed is claimed by one poll
    /// (<see cref="FeedClaims"/>). Polling:MaxConcurrency feeds are in hand at once (fetch, parse,
    /// store); Polling:MaxConcurrencyPerHost bounds the fetches in flight to one host, in this process.
    /// </summary>
    /// <param name="force">Poll every enabled feed not polled since this poll began, due or not (the `watcher poll` command).</param>
    /// <param name="ct">Stops everything: fetches in flight end unstored, and their feeds are read again next time.</param>
    /// <param name="stopClaiming">Takes no more feeds; those in flight finish and are stored (the service stopping).</param>
    public async Task<PollSummary> PollAsync(bool force, CancellationToken ct, CancellationToken stopClaiming = default)
    {
        var started = Stopwatch.GetTimestamp();
        var limits = options.Value;
        var scope = new PollScope(FeedClaims.NewPollId(), force, clock.GetUtcNow(), clock);
        var connectionString = ConnectionString();
        await using var claims = new NpgsqlConnection(connectionString);
        await claims.OpenAsync(ct);
        var due = await FeedClaims.CountDueAsync(claims, scope, ct);
        if (due == 0)
            return new PollSummary([]);
        using var activity = WatcherMetrics.Tracing.StartActivity("watcher.poll");
        logger.PollStarted((int)Math.Min(due, int.MaxValue));

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = new PollRun(scope.PollId, keywords.LoadClassifierAsync(abort.Token), new ConcurrentQueue<UnchangedFeed>(), connectionString);
        var slots = new FetchSlots(limits.MaxConcurrencyPerHost);
        using var stopping = stopClaiming.Register(slots.Wake);
        var waiting = new List<Feed>();
        var running = new List<Task<FeedOutcome>>(limits.MaxConcurrency);
        var outcomes = new List<FeedOutcome>();
        var lease = FeedClaims.Lease(limits);
        var renewed = Stopwatch.GetTimestamp();
        Task<(List<Feed> Feeds, int Wanted)>? claiming = null;
        var exhausted = false;
        try
        {
            while (true)
            {
                if (claiming is { IsCompleted: true })
                {
                    var (feeds, wanted) = await claiming;
                    claiming = null;
                    waiting.AddRange(feeds);
                    // Fewer than asked: nothing else is due and free now (the next tick looks again).
                    exhausted |= feeds.Count < wanted;
                }
                for (var i = running.Count - 1; i >= 0; i--)
                {
                    if (running[i].IsCompleted)
                    {
                        outcomes.Add(await running[i]);
                        running.RemoveAt(i);
                    }
                }
                if (stopClaiming.IsCancellationRequested && claiming is null)
                {
                    exhausted = true;
                    if (waiting.Count > 0)
                    {
                        await FeedClaims.ReleaseAsync(claims, scope.PollId, waiting.Select(f => f.Id), abort.Token);
                        waiting.Clear();
                    }
                }
                // Twice the slots in hand: a slot that frees finds a feed waiting, not a round trip.
                if (!exhausted && claiming is null && waiting.Count < limits.MaxConcurrency)
                    claiming = WakeWhenDone(ClaimAsync(claims, scope, 2 * limits.MaxConcurrency - waiting.Count, lease, run, abort.Token), slots);
                StartWhatCan(waiting, running, slots, run, limits.MaxConcurrency, abort.Token);
                if (running.Count == 0 && waiting.Count == 0 && claiming is null)
                    break;
                if (Stopwatch.GetElapsedTime(renewed) >= lease / 4)
                {
                    await RenewAsync(connectionString, scope.PollId, lease, abort.Token);
                    renewed = Stopwatch.GetTimestamp();
                }
                await slots.WaitAsync(lease / 4, abort.Token);
            }
            await FeedClaims.StoreUnchangedAsync(claims, Drain(run.Unchanged), scope.PollId, abort.Token);
        }
        catch
        {
            await abort.CancelAsync();
            await AbandonAsync(running, claiming, scope.PollId, connectionString);
            throw;
        }
        finally
        {
            // The keywords are read while the first feeds are fetched; only a feed with new items needs
            // them (and fails if they cannot be read). Nothing of the poll outlives it.
            await run.Classifier.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        var summary = new PollSummary([.. outcomes.OrderBy(o => o.Url, StringComparer.Ordinal)]);
        metrics.PollFinished(summary, Stopwatch.GetElapsedTime(started));
        logger.PollFinished((long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            summary.Fetched, summary.NotModified, summary.Failed, summary.NewItems, summary.NewHits);
        return summary;
    }

    /// <summary>A batch of claims, with the unchanged feeds finished so far stored in the same round trip.</summary>
    private static async Task<(List<Feed>, int)> ClaimAsync(NpgsqlConnection connection, PollScope scope, int wanted, TimeSpan lease,
        PollRun run, CancellationToken ct) =>
        (await FeedClaims.ClaimAsync(connection, scope, wanted, lease, Drain(run.Unchanged), ct), wanted);

    /// <summary>
    /// Wakes the poll once <paramref name="task"/> has completed: a wake from inside the task would come
    /// before it counts as completed, and the poll would sleep on a finished task.
    /// </summary>
    private static T WakeWhenDone<T>(T task, FetchSlots slots) where T : Task
    {
        task.ContinueWith(static (_, state) => ((FetchSlots)state!).Wake(), slots,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Starts waiting feeds, in claim order, while slots are free and their host has room.</summary>
    private void StartWhatCan(List<Feed> waiting, List<Task<FeedOutcome>> running, FetchSlots slots, PollRun run, int maxConcurrency, CancellationToken ct)
    {
        for (var i = 0; i < waiting.Count && running.Count < maxConcurrency;)
        {
            var feed = waiting[i];
            if (slots.TryTake(HostOf(feed.Url)) is { } slot)
            {
                waiting.RemoveAt(i);
                running.Add(WakeWhenDone(PollInSlotAsync(feed, run, slot, ct), slots));
            }
            else
            {
                i++;
            }
        }
    }

    private async Task<FeedOutcome> PollInSlotAsync(Feed feed, PollRun run, FetchSlot slot, CancellationToken ct)
    {
        try
        {
            return await PollIsolatedAsync(feed, run, slot, ct);
        }
        finally
        {
            // Already given back when the fetch ended; this covers a fetch that threw.
            slot.Release();
        }
    }

    private static async Task RenewAsync(string connectionString, string pollId, TimeSpan lease, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await FeedClaims.RenewAsync(connection, pollId, lease, ct);
    }

    private static List<UnchangedFeed> Drain(ConcurrentQueue<UnchangedFeed> queue)
    {
        var drained = new List<UnchangedFeed>(queue.Count);
        while (queue.TryDequeue(out var feed))
            drained.Add(feed);
        return drained;
    }

    /// <summary>
    /// The poll failed (the database went away) or was stopped: the feeds in flight are left unstored,
    /// and the claims are given back so that other polls need not wait for the leases to run out.
    /// </summary>
    private static async Task AbandonAsync(List<Task<FeedOutcome>> running, Task? claiming, string pollId, string connectionString)
    {
        try
        {
            await Task.WhenAll([.. running, claiming ?? Task.CompletedTask]);
        }
        catch (Exception)
        {
            // The poll's own failure is what the caller hears about.
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await FeedClaims.ReleaseAllAsync(connection, pollId, timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // The leases run out by themselves.
        }
    }

    /// <summary>The host a feed's fetches count against: host and port, as HTTP connections are pooled.</summary>
    internal static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;

    private string ConnectionString() =>
        storage.Value.ConnectionString ?? throw new InvalidOperationException("ConnectionStrings:Watcher is not set");

    /// <summary>
    /// A bug or a bad document in one feed is recorded on that feed and the others go on; a database
    /// that cannot be reached is not a feed's fault and ends the poll.
    /// </summary>
    private async Task<FeedOutcome> PollIsolatedAsync(Feed feed, PollRun run, FetchSlot slot, CancellationToken ct)
    {
        try
        {
            return await PollFeedAsync(feed, run, slot, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && !IsInfrastructureFailure(e))
        {
            // EF and Npgsql wrap the cause ("An error occurred while saving..."): the innermost message is the useful one.
            var cause = e;
            while (cause.InnerException is not null)
                cause = cause.InnerException;
            return await RecordFailureAsync(feed, new FetchResult(FetchStatus.Failed, ErrorKind: FeedErrorKinds.Internal,
                Error: $"{cause.GetType().Name}: {cause.Message}"), run.PollId, ct);
        }
    }

    /// <summary>The server refusing one feed's data (a constraint, a bad value) is that feed's problem; no connection is everyone's.</summary>
    private static bool IsInfrastructureFailure(Exception e) =>
        e is TimeoutException
        || e is NpgsqlException and not PostgresException
        || e is PostgresException { IsTransient: true }
        || e.InnerException is NpgsqlException { IsTransient: true };

    private async Task<FeedOutcome> PollFeedAsync(Feed feed, PollRun run, FetchSlot slot, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Some servers keep answering 304 to stale validators: now and then, ask without them.
        var fullFetch = feed.LastFullFetchAt is null || now - feed.LastFullFetchAt >= options.Value.FullFetchEvery;
        var fetch = fullFetch
            ? await fetcher.FetchAsync(feed.Url, null, null, ct)
            : await fetcher.FetchAsync(feed.Url, feed.ETag, feed.LastModified, ct);
        // The host is free for the next fetch while this document is parsed and stored.
        slot.Release();
        if (fetch.Status == FetchStatus.Failed)
            return await RecordFailureAsync(feed, fetch, run.PollId, ct);
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
            return await RecordFailureAsync(feed, fetch with { Status = FetchStatus.Failed, ErrorKind = FeedErrorKinds.Parse, Error = e.Message }, run.PollId, ct);
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

    /// <summary>
    /// New items, their hits and the feed's new validators go in one batch (one round trip, one transaction,
    /// <see cref="FeedWrites.ReplayableBatch"/>) that commits or fails whole: a poll cut short leaves the
    /// feed as it was, and its items are read again next time.
    /// </summary>
    private async Task<FeedOutcome> StoreAsync(Feed feed, FetchResult fetch, ParsedFeed parsed, bool fullFetch,
        PollRun run, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var candidates = Candidates(parsed.Items);
        var classifier = await run.Classifier;

        var url = feed.Url;
        if (fetch.PermanentUrl is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            url = await MovedUrlAsync(db, feed, fetch, ct);
        }
        // A plain connection from the same pool as EF's: a DbContext per feed was a tenth of a first poll's CPU.
        await using var connection = new NpgsqlConnection(run.ConnectionString);
        await connection.OpenAsync(ct);
        // Not in the transaction: the feed's claim keeps other polls out, and should a lease run out
        // mid-poll, the unique (feed, identity) index settles the race in the write (see FeedWrites).
        var stored = candidates.Count == 0 ? null : await FeedWrites.SeenAsync(connection, feed.Id, candidates, now, ct);
        var fresh = stored is null ? [] : Unseen(candidates, stored);

        var seen = new List<SeenItem>(fresh.Count);
        var hits = new List<(string Identity, Hit Hit)>();
        foreach (var candidate in fresh)
        {
            var text = CleanText.Of(candidate.Item, candidate.NormalizedLink);
            var published = Believable(candidate.Item.Published, now);
            var verdict = classifier.Classify(text.Title, text.Summary);
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
                hits.Add((candidate.Identity, ToHit(feed, published, text, verdict, classifier.Settings.MinSideScore, now)));
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
        await using var batch = FeedWrites.ReplayableBatch(connection,
            seen.Count > 0 ? FeedWrites.InsertSeenAndHits(feed.Id, now, seen, hits) : null,
            // After the insert, whose row the reader below reads first.
            stored is { StaleMarks.Count: > 0 } ? FeedWrites.RefreshSeen(now, stored.StaleMarks) : null,
            FeedWrites.UpdateFetched(state, now, fullFetch, seen.Count > 0, run.PollId));
        var (storedCount, storedHits) = (0, hits);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            // Another poll that wrote the same items first (a lease that ran out) keeps them: these are not new.
            if (seen.Count > 0 && await reader.ReadAsync(ct))
            {
                storedCount = (int)reader.GetInt64(0);
                var relevant = reader.GetFieldValue<string[]>(1).ToHashSet(StringComparer.Ordinal);
                storedHits = [.. hits.Where(h => relevant.Contains(h.Identity))];
            }
        }

        if (parsed.ItemsCut > 0)
            logger.FeedItemsCut(feed.Url, parsed.Items.Count, parsed.Items.Count + parsed.ItemsCut);
        if (state.LastWarning is not null)
            logger.FeedReadLeniently(feed.Url, state.LastWarning);
        foreach (var (_, hit) in storedHits)
            logger.HitFound(feed.Url, hit.Title, hit.Score, string.Join(", ", hit.MatchedTerms));
        logger.FeedPolled(feed.Url, parsed.Items.Count, storedCount, storedHits.Count);
        return new FeedOutcome(url, FetchStatus.Fetched, parsed.Items.Count, storedCount, storedHits.Count, null, null);
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

    /// <summary>An item is seen when its identity or its link identity is already stored for the feed.</summary>
    private static List<Candidate> Unseen(List<Candidate> candidates, StoredCandidates stored) =>
        stored.Identities.Count == 0
            ? candidates
            : [.. candidates.Where(c => !stored.Identities.Contains(c.Identity) && (c.LinkIdentity is null || !stored.Links.Contains(c.LinkIdentity)))];

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
    private async Task<FeedOutcome> RecordFailureAsync(Feed feed, FetchResult fetch, string pollId, CancellationToken ct)
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
            .SetProperty(f => f.NextPollAt, next)
            // The poll's own claim only: one whose lease ran out may have been taken over.
            .SetProperty(f => f.ClaimedBy, f => f.ClaimedBy == pollId ? null : f.ClaimedBy)
            .SetProperty(f => f.ClaimExpiresAt, f => f.ClaimedBy == pollId ? null : f.ClaimExpiresAt), ct);
        logger.FeedFailed(feed.Url, kind, failures, error, next);
        if (gone)
            logger.FeedDisabled(feed.Url, error);
        return new FeedOutcome(feed.Url, FetchStatus.Failed, 0, 0, 0, kind, error);
    }
}

/// <summary>What every feed of one poll shares.</summary>
internal sealed record PollRun(string PollId, Task<RelevanceClassifier> Classifier, ConcurrentQueue<UnchangedFeed> Unchanged, string ConnectionString);

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
