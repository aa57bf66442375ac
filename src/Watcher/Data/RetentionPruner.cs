using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Watcher.Data;

/// <summary>
/// Deletes what Retention:* no longer keeps, a batch of rows per statement (each its own short
/// transaction), so polls and digests are never held up behind a long delete.
/// </summary>
public sealed class RetentionPruner(
    IDbContextFactory<WatcherDbContext> dbFactory,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<RetentionPruner> logger)
{
    public const int DefaultBatchSize = 1000;

    /// <summary>Rows per statement.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>
    /// A seen item is deleted when it is older than the retention and older than what its feed last
    /// carried (less <see cref="SeenItem.LastSeenResolution"/>): items still in the feed's document, or in
    /// the last document of a feed that cannot be read any more, stay, so they never come back as new.
    /// </summary>
    private const string DeleteSeenItems = """
        DELETE FROM seen_items WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM seen_items
            WHERE feed_id = $1
              AND last_seen_at < LEAST($2, (SELECT max(last_seen_at) FROM seen_items WHERE feed_id = $1) - $3)
            LIMIT $4))
        """;

    /// <summary>Their claims go with them (foreign key ON DELETE CASCADE).</summary>
    private const string DeleteHits = """
        DELETE FROM hits WHERE ctid = ANY(ARRAY(SELECT ctid FROM hits WHERE found_at < $1 LIMIT $2))
        """;

    /// <summary>Digest history follows the hits: an old run with no claim left (its hits gone, or it never had any) goes.</summary>
    private const string DeleteRuns = """
        DELETE FROM digests WHERE ctid = ANY(ARRAY(
            SELECT d.ctid FROM digests d
            WHERE d.created_at < $1 AND d.status <> 'sending'
              AND NOT EXISTS (SELECT 1 FROM digest_hits c WHERE c.digest_id = d.id)
            LIMIT $2))
        """;

    public async Task<RetentionResult> PruneAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var itemsBefore = now - options.Value.Items;
        var hitsBefore = now - options.Value.Hits;
        await using var connection = await OpenAsync(ct);

        var feedIds = new List<long>();
        await using (var feeds = new NpgsqlCommand("SELECT id FROM feeds ORDER BY id", connection))
        await using (var reader = await feeds.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                feedIds.Add(reader.GetInt64(0));
        }
        var items = 0;
        foreach (var feedId in feedIds)
        {
            items += await DeleteInBatchesAsync(connection, DeleteSeenItems, ct,
                new NpgsqlParameter<long> { TypedValue = feedId },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = itemsBefore.ToUniversalTime() },
                new NpgsqlParameter<TimeSpan> { TypedValue = SeenItem.LastSeenResolution });
        }
        var hits = await DeleteInBatchesAsync(connection, DeleteHits, ct,
            new NpgsqlParameter<DateTimeOffset> { TypedValue = hitsBefore.ToUniversalTime() });
        var runs = await DeleteInBatchesAsync(connection, DeleteRuns, ct,
            new NpgsqlParameter<DateTimeOffset> { TypedValue = hitsBefore.ToUniversalTime() });

        var result = new RetentionResult(items, hits, runs);
        logger.RetentionPruned(items, itemsBefore, hits, runs, hitsBefore, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    /// <summary>Runs the statement (its last parameter is the batch size) until a batch comes back short.</summary>
    private async Task<int> DeleteInBatchesAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        var total = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var parameter in parameters)
                command.Parameters.Add(parameter.Clone());
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = BatchSize });
            var deleted = await command.ExecuteNonQueryAsync(ct);
            total += deleted;
            if (deleted < BatchSize)
                return total;
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        string connectionString;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            connectionString = db.Database.GetConnectionString()!;
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}

/// <summary>How many rows one pass deleted.</summary>
public sealed record RetentionResult(int SeenItems, int Hits, int DigestRuns);
