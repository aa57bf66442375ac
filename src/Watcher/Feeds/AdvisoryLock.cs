using Npgsql;

namespace Watcher.Feeds;

/// <summary>
/// A PostgreSQL session advisory lock held on its own unpooled connection: every Watcher process on the
/// same database sees it, and it is released when disposed or when the process dies.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    // 0x5741_5443_4850_4F4C ("WATCHPOL") was the whole-poll lock, before feeds were claimed one by one (FeedClaims).

    /// <summary>Held while keywords are learned at start on an empty database.</summary>
    public const long LearnKey = 0x5741_5443_484C_524E; // "WATCHLRN"

    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Waits until the lock is free.</summary>
    public static async Task<AdvisoryLock> AcquireAsync(string connectionString, long key, CancellationToken ct)
    {
        // Unpooled: a pooled connection would keep the session, and the lock, after Close.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 0 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            await command.ExecuteNonQueryAsync(ct);
            return new AdvisoryLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _key });
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The session is going away: closing it releases the lock anyway.
        }
        await _connection.DisposeAsync();
    }
}
