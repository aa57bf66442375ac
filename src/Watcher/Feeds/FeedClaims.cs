using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using Watcher.Data;

namespace Watcher.Feeds;

/// <summary>
/// Which poll fetches which feed, so that any number of instances (and `watcher poll` beside them)
/// share the feeds instead of queueing behind one lock. A poll claims due feeds a few at a time: a
/// lease on the feed's row (<c>claimed_by</c>, <c>claim_expires_at</c>) that the write storing the
/// feed's results releases. A poll that dies leaves its leases to run out, and another takes its feeds.
/// </summary>
/// <remarks>
/// Leases run on the database's clock (<c>statement_timestamp()</c>): a lease is judged by instances
/// other than the one that took it, and the database's clock is the only one they share. Rows being
/// claimed by another poll at the same moment are skipped (<c>FOR UPDATE SKIP LOCKED</c>), never waited for.
/// </remarks>
internal static class FeedClaims
{
    private static readonly string ProcessPart =
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}");

    /// <summary>Names one poll: host and process, to find it from the database, and a random part for the run.</summary>
    public static string NewPollId() => $"{ProcessPart}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>
    /// How long a claim holds without renewal: a fetch is bounded by Polling:RequestTimeout (redirects and
    /// the one retry included), parsing and the write take seconds; twice that and a minute leaves room
    /// for a slow database. A poll renews its leases every quarter of this (<see cref="RenewAsync"/>), so
    /// a feed waiting for its host is not lost; a dead instance's feeds wait no longer than this.
    /// </summary>
    public static TimeSpan Lease(PollingOptions options) => options.RequestTimeout * 2 + TimeSpan.FromMinutes(1);

    /// <summary>
    /// In one transaction: stores the unchanged (304) feeds this poll has finished, releasing their
    /// claims, then claims up to <paramref name="max"/> due feeds. The earliest due come first; among
    /// equals (new feeds, `watcher poll`) a hash of the id mixes the hosts, so that one site's feeds,
    /// added together, do not fill a batch and wait for their host's limit while other hosts idle.
    /// </summary>
    public static async Task<List<Feed>> ClaimAsync(NpgsqlConnection connection, PollScope scope, int max,
        TimeSpan lease, IReadOnlyCollection<UnchangedFeed> finished, CancellationToken ct)
    {
        var claim = new NpgsqlBatchCommand(ClaimSql(scope.Force));
        claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope.PollId });
        claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = scope.DueAt().ToUniversalTime() });
        claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        claim.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = lease });
        await using var batch = FeedWrites.ReplayableBatch(connection, finished.Count > 0 ? StoreUnchanged(finished, scope.PollId) : null, claim);

        var feeds = new List<Feed>(max);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            feeds.Add(new Feed
            {
                Id = reader.GetInt64(0),
                Url = reader.GetString(1),
                ETag = reader.IsDBNull(2) ? null : reader.GetString(2),
                LastModified = reader.IsDBNull(3) ? null : reader.GetString(3),
                ConsecutiveFailures = reader.GetInt32(4),
                LastFullFetchAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                MinPollInterval = reader.IsDBNull(6) ? null : reader.GetFieldValue<TimeSpan>(6),
            });
        }
        return feeds;
    }

    /// <summary>
    /// The claim: $1 poll id, $2 due instant, $3 how many, $4 lease. Its order is the index
    /// <c>ix_feeds_claim_order</c> (migration ClaimOrderIndex; change both together), so that a claim
    /// reads the first claimable rows rather than sorting every enabled feed, a claim every few feeds.
    /// </summary>
    internal static string ClaimSql(bool force) => $"""
        UPDATE feeds AS f SET claimed_by = $1, claim_expires_at = statement_timestamp() + $4
        WHERE f.id IN (
            SELECT d.id FROM feeds AS d
            WHERE {Claimable("d", force)}
            ORDER BY d.next_poll_at NULLS FIRST, md5(d.id::text)
            LIMIT $3
            FOR UPDATE SKIP LOCKED)
        RETURNING f.id, f.url, f.e_tag, f.last_modified, f.consecutive_failures, f.last_full_fetch_at, f.min_poll_interval
        """;

    /// <summary>Due feeds that no poll holds: one cheap query, so that a tick with nothing to do claims nothing.</summary>
    public static async Task<long> CountDueAsync(NpgsqlConnection connection, PollScope scope, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM feeds AS d WHERE {Claimable("d", scope.Force, "$1")}", connection);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = scope.DueAt().ToUniversalTime() });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Extends every lease the poll holds (feeds waiting for a free slot or their host, and those in flight).</summary>
    public static async Task RenewAsync(NpgsqlConnection connection, string pollId, TimeSpan lease, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE feeds SET claim_expires_at = statement_timestamp() + $2 WHERE claimed_by = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pollId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = lease });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Gives back claimed feeds the poll will not fetch after all (it is stopping).</summary>
    public static async Task ReleaseAsync(NpgsqlConnection connection, string pollId, IEnumerable<long> feedIds, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE feeds SET claimed_by = NULL, claim_expires_at = NULL WHERE claimed_by = $1 AND id = ANY($2)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pollId });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. feedIds] });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The last unchanged feeds of a poll, stored and released.</summary>
    public static async Task StoreUnchangedAsync(NpgsqlConnection connection, IReadOnlyCollection<UnchangedFeed> feeds, string pollId, CancellationToken ct)
    {
        if (feeds.Count == 0)
            return;
        await using var batch = FeedWrites.ReplayableBatch(connection, StoreUnchanged(feeds, pollId));
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Gives back what the poll still holds (it was stopped or failed): other polls need not wait for the leases.</summary>
    public static async Task ReleaseAllAsync(NpgsqlConnection connection, string pollId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("UPDATE feeds SET claimed_by = NULL, claim_expires_at = NULL WHERE claimed_by = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pollId });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// SET clauses that release the poll's own claim (parameter <paramref name="pollParameter"/>): a poll
    /// whose lease ran out and was taken over stores its results but leaves the newer claim alone.
    /// </summary>
    public static string ReleaseSet(string pollParameter) =>
        $"claimed_by = CASE WHEN claimed_by = {pollParameter} THEN NULL ELSE claimed_by END, " +
        $"claim_expires_at = CASE WHEN claimed_by = {pollParameter} THEN NULL ELSE claim_expires_at END";

    /// <summary>
    /// Enabled, due, and not claimed by a live lease. Due is the service's schedule (next poll reached,
    /// <paramref name="dueAt"/> = now), or for `watcher poll` "not polled since this poll started" (= its start),
    /// so that several of them at once still poll each feed once.
    /// </summary>
    private static string Claimable(string feed, bool force, string dueAt = "$2") =>
        $"{feed}.enabled AND ({feed}.claim_expires_at IS NULL OR {feed}.claim_expires_at <= statement_timestamp()) AND " +
        (force
            ? $"({feed}.last_polled_at IS NULL OR {feed}.last_polled_at < {dueAt})"
            : $"({feed}.next_poll_at IS NULL OR {feed}.next_poll_at <= {dueAt})");

    /// <summary>Unchanged (304) feeds, many per statement, their claims released.</summary>
    private static NpgsqlBatchCommand StoreUnchanged(IReadOnlyCollection<UnchangedFeed> feeds, string pollId)
    {
        var command = new NpgsqlBatchCommand($"""
            UPDATE feeds AS f
            SET {string.Format(CultureInfo.InvariantCulture, FeedWrites.SuccessSet, "v.polled")}, next_poll_at = v.next, {ReleaseSet("$4")}
            FROM unnest($1, $2, $3) AS v(id, polled, next)
            WHERE f.id = v.id
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. feeds.Select(f => f.Id)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. feeds.Select(f => f.PolledAt.ToUniversalTime())] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. feeds.Select(f => f.NextPollAt.ToUniversalTime())] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pollId });
        return command;
    }
}

/// <summary>One poll's identity and what it counts as due.</summary>
/// <param name="Force">`watcher poll`: every enabled feed not polled since <paramref name="StartedAt"/>.</param>
internal sealed record PollScope(string PollId, bool Force, DateTimeOffset StartedAt, TimeProvider Clock)
{
    /// <summary>The instant compared with the feeds' schedule; an instance's clock, like the schedule it wrote.</summary>
    public DateTimeOffset DueAt() => Force ? StartedAt : Clock.GetUtcNow();
}
