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
    /// <summary>What a successful poll clears, in every statement that records one.</summary>
    public const string SuccessSet =
        "last_polled_at = {0}, last_success_at = {0}, consecutive_failures = 0, last_error_kind = NULL, last_error = NULL, failing_since = NULL";

    /// <summary>Identities and link identities of the candidates already stored for the feed (one query).</summary>
    public static async Task<(HashSet<string> Identities, HashSet<string> Links)> SeenAsync(
        NpgsqlConnection connection, long feedId, IReadOnlyList<Candidate> candidates, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT identity, link_identity FROM seen_items
            WHERE feed_id = $1 AND (identity = ANY($2) OR link_identity = ANY($3))
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = feedId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. candidates.Select(c => c.Identity)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. candidates.Where(c => c.LinkIdentity is not null).Select(c => c.LinkIdentity!)] });
        var identities = new HashSet<string>(StringComparer.Ordinal);
        var links = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            identities.Add(reader.GetString(0));
            if (!reader.IsDBNull(1))
                links.Add(reader.GetString(1));
        }
        return (identities, links);
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
    /// Every item of a fetched document, new ones included, is marked as still carried by the feed, so
    /// retention never forgets it (it would come back as new). A row is rewritten only when its mark is
    /// older than <see cref="SeenItem.LastSeenResolution"/> (or ahead of this poll's clock).
    /// </summary>
    public static NpgsqlBatchCommand RefreshSeen(long feedId, DateTimeOffset now, IReadOnlyList<Candidate> candidates)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE seen_items SET last_seen_at = $2
            WHERE feed_id = $1 AND (identity = ANY($3) OR link_identity = ANY($4))
              AND last_seen_at NOT BETWEEN $2 - $5 AND $2
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = feedId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. candidates.Select(c => c.Identity)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. candidates.Where(c => c.LinkIdentity is not null).Select(c => c.LinkIdentity!)] });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = SeenItem.LastSeenResolution });
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

/// <summary>A hit as <see cref="FeedWrites.InsertSeenAndHits"/> sends it (snake_case, as the SQL reads it).</summary>
internal sealed record HitRow(string Identity, string Title, string? Link, string? Summary, DateTimeOffset? PublishedAt,
    bool PublishedEstimated, double Score, string[] MatchedTerms, string[] DecisiveTerms);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IEnumerable<HitRow>))]
internal sealed partial class HitRowJson : JsonSerializerContext;
