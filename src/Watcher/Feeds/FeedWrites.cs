using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using Watcher.Data;

namespace Watcher.Feeds;

/// <summary>
/// The poller's writes in plain SQL: a feed's new items go in as one multi-row INSERT (arrays
/// unnested server-side) rather than one tracked entity each, which is where EF Core spent most of a
/// first poll's CPU.
/// </summary>
internal static class FeedWrites
{
    /// <summary>
    /// A poll's writes as one transaction that commits without waiting for the disk (begin and commit
    /// travel in the batch: still one round trip). A poll's results can be read again: should PostgreSQL
    /// itself crash before they reach the disk, the feed keeps its old state and its items come back as
    /// new at the next poll, nothing lost and nothing twice; a digest, which commits synchronously,
    /// flushes every poll write it has read before any mail leaves. On a small machine the flush per
    /// feed was a tenth of the poll's database time (README, Figures).
    /// </summary>
    /// <remarks>Null commands (a write the poll does not need) are left out. An error in a command leaves the
    /// transaction to be rolled back when the connection goes back to the pool.</remarks>
    public static NpgsqlBatch ReplayableBatch(NpgsqlConnection connection, params IEnumerable<NpgsqlBatchCommand?> commands)
    {
        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
        foreach (var command in commands)
        {
            if (command is not null)
                batch.BatchCommands.Add(command);
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        return batch;
    }

    /// <summary>What a successful poll clears, in every statement that records one.</summary>
    public const string SuccessSet =
        "last_polled_at = {0}, last_success_at = {0}, consecutive_failures = 0, last_error_kind = NULL, last_error = NULL, failing_since = NULL";

    /// <summary>
    /// The candidates already stored for the feed (one query): their identities and link identities, and
    /// the rows whose still-carried mark is due a rewrite (see <see cref="RefreshSeen"/>).
    /// </summary>
    public static async Task<StoredCandidates> SeenAsync(
        NpgsqlConnection connection, long feedId, IReadOnlyList<Candidate> candidates, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT id, identity, link_identity, last_seen_at NOT BETWEEN $4 - $5 AND $4 FROM seen_items
            WHERE feed_id = $1 AND (identity = ANY($2) OR link_identity = ANY($3))
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = feedId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. candidates.Select(c => c.Identity)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. candidates.Where(c => c.LinkIdentity is not null).Select(c => c.LinkIdentity!)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = SeenItem.LastSeenResolution });
        var stored = new StoredCandidates(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal), []);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stored.Identities.Add(reader.GetString(1));
            if (!reader.IsDBNull(2))
                stored.Links.Add(reader.GetString(2));
            if (reader.GetBoolean(3))
                stored.StaleMarks.Add(reader.GetInt64(0));
        }
        return stored;
    }

    /// <summary>
    /// The feed's new items and the hits among them, in one statement. The unique (feed, identity) index
    /// has the last word: an item another poll stored first (its lease ran out while this one wrote) is
    /// skipped, and so is its hit, so that no item is stored or reported twice. Returns one row: how many
    /// items were stored, and the identities of the stored relevant ones (whose hits were stored).
    /// </summary>
    public static NpgsqlBatchCommand InsertSeenAndHits(long feedId, DateTimeOffset firstSeen, IReadOnlyList<SeenItem> items,
        IReadOnlyList<(string Identity, Hit Hit)> hits)
    {
        var command = new NpgsqlBatchCommand("""
            WITH seen AS (
                INSERT INTO seen_items (feed_id, first_seen_at, last_seen_at, identity, link_identity, title, summary, link, published_at, relevant, score)
                SELECT $1, $2, $2, * FROM unnest($3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (feed_id, identity) DO NOTHING
                RETURNING identity, relevant
            ), hit AS (
                INSERT INTO hits (feed_id, title, link, summary, published_at, published_estimated, score, matched_terms, decisive_terms, found_at)
                SELECT $1, h.title, h.link, h.summary, h.published_at, h.published_estimated, h.score, h.matched_terms, h.decisive_terms, $2
                FROM jsonb_to_recordset($11) AS h(identity text, title text, link text, summary text, published_at timestamptz,
                                                  published_estimated boolean, score float8, matched_terms text[], decisive_terms text[])
                WHERE h.identity IN (SELECT identity FROM seen)
            )
            SELECT (SELECT count(*) FROM seen), ARRAY(SELECT identity FROM seen WHERE relevant)
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = feedId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = firstSeen.ToUniversalTime() });
        command.Parameters.Add(TextArray(items.Select(i => (string?)i.Identity)));
        command.Parameters.Add(TextArray(items.Select(i => i.LinkIdentity)));
        command.Parameters.Add(TextArray(items.Select(i => (string?)i.Title)));
        command.Parameters.Add(TextArray(items.Select(i => i.Summary)));
        command.Parameters.Add(TextArray(items.Select(i => i.Link)));
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            Value = items.Select(i => i.PublishedAt?.ToUniversalTime()).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. items.Select(i => i.Relevant)] });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = [.. items.Select(i => i.Score)] });
        // Hits are few, and each has its own array of matched terms: JSON rows rather than parallel arrays.
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Jsonb,
            Value = JsonSerializer.Serialize(hits.Select(h => new HitRow(h.Identity, h.Hit.Title, h.Hit.Link, h.Hit.Summary,
                h.Hit.PublishedAt?.ToUniversalTime(), h.Hit.PublishedEstimated, h.Hit.Score, h.Hit.MatchedTerms, h.Hit.DecisiveTerms)), HitRowJson.Default.IEnumerableHitRow),
        });
        return command;
    }

    /// <summary>
    /// Marks stored items as still carried by the feed, so retention never forgets them (they would come
    /// back as new): only the rows <see cref="SeenAsync"/> found with a mark older than
    /// <see cref="SeenItem.LastSeenResolution"/> (or ahead of this poll's clock); new items are stored marked.
    /// </summary>
    public static NpgsqlBatchCommand RefreshSeen(DateTimeOffset now, IReadOnlyList<long> staleMarks)
    {
        var command = new NpgsqlBatchCommand("UPDATE seen_items SET last_seen_at = $1 WHERE id = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. staleMarks] });
        return command;
    }

    /// <summary>The feed's state after a fetched (200) document; its warning is replaced (cleared when the document read cleanly).</summary>
    public static NpgsqlBatchCommand UpdateFetched(Feed feed, DateTimeOffset now, bool fullFetch, bool newItems, string pollId)
    {
        var command = new NpgsqlBatchCommand($"""
            UPDATE feeds SET {string.Format(System.Globalization.CultureInfo.InvariantCulture, SuccessSet, "$2")},
                url = $3, e_tag = $4, last_modified = $5, min_poll_interval = $6, next_poll_at = $7,
                last_full_fetch_at = CASE WHEN $8 THEN $2 ELSE last_full_fetch_at END,
                last_new_item_at = CASE WHEN $9 THEN $2 ELSE last_new_item_at END,
                last_warning = $10, last_warning_at = CASE WHEN $10 IS NULL THEN NULL ELSE $2 END,
                {FeedClaims.ReleaseSet("$11")}
            WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = feed.Id });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feed.Url });
        command.Parameters.Add(Text(feed.ETag));
        command.Parameters.Add(Text(feed.LastModified));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Interval, Value = (object?)feed.MinPollInterval ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = feed.NextPollAt!.Value.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = fullFetch });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = newItems });
        command.Parameters.Add(Text(feed.LastWarning));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pollId });
        return command;
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter TextArray(IEnumerable<string?> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.ToArray() };
}

/// <summary>What <see cref="FeedWrites.SeenAsync"/> found of a document's items already stored for its feed.</summary>
internal sealed record StoredCandidates(HashSet<string> Identities, HashSet<string> Links, List<long> StaleMarks);

/// <summary>A hit as <see cref="FeedWrites.InsertSeenAndHits"/> sends it (snake_case, as the SQL reads it).</summary>
internal sealed record HitRow(string Identity, string Title, string? Link, string? Summary, DateTimeOffset? PublishedAt,
    bool PublishedEstimated, double Score, string[] MatchedTerms, string[] DecisiveTerms);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IEnumerable<HitRow>))]
internal sealed partial class HitRowJson : JsonSerializerContext;
