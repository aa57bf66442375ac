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

    public static NpgsqlBatchCommand InsertSeen(long feedId, DateTimeOffset firstSeen, IReadOnlyList<SeenItem> items)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO seen_items (feed_id, first_seen_at, identity, link_identity, title, summary, link, published_at, relevant, score)
            SELECT $1, $2, * FROM unnest($3, $4, $5, $6, $7, $8, $9, $10)
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
        return command;
    }

    /// <summary>One statement per hit: relevant items are few, and each has its own array of matched terms.</summary>
    public static NpgsqlBatchCommand InsertHit(Hit hit)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO hits (feed_id, title, link, summary, published_at, published_estimated, score, matched_terms, found_at, decisive_terms)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = hit.FeedId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hit.Title });
        command.Parameters.Add(Text(hit.Link));
        command.Parameters.Add(Text(hit.Summary));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)hit.PublishedAt?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = hit.PublishedEstimated });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = hit.Score });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = hit.MatchedTerms });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = hit.FoundAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = hit.DecisiveTerms });
        return command;
    }

    /// <summary>The feed's state after a fetched (200) document; its warning is replaced (cleared when the document read cleanly).</summary>
    public static NpgsqlBatchCommand UpdateFetched(Feed feed, DateTimeOffset now, bool fullFetch, bool newItems)
    {
        var command = new NpgsqlBatchCommand($"""
            UPDATE feeds SET {string.Format(System.Globalization.CultureInfo.InvariantCulture, SuccessSet, "$2")},
                url = $3, e_tag = $4, last_modified = $5, min_poll_interval = $6, next_poll_at = $7,
                last_full_fetch_at = CASE WHEN $8 THEN $2 ELSE last_full_fetch_at END,
                last_new_item_at = CASE WHEN $9 THEN $2 ELSE last_new_item_at END,
                last_warning = $10, last_warning_at = CASE WHEN $10 IS NULL THEN NULL ELSE $2 END
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
        return command;
    }

    /// <summary>Unchanged (304) feeds, many per statement.</summary>
    public static string UpdateUnchangedSql() => $"""
        UPDATE feeds AS f
        SET {string.Format(System.Globalization.CultureInfo.InvariantCulture, SuccessSet, "v.polled")}, next_poll_at = v.next
        FROM unnest($1, $2, $3) AS v(id, polled, next)
        WHERE f.id = v.id
        """;

    private static NpgsqlParameter Text(string? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter TextArray(IEnumerable<string?> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.ToArray() };
}
