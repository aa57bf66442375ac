using Npgsql;

namespace Watcher.Feeds;

/// <summary>
/// A PostgreSQL session advisory lock held on its own unpooled connection: every Watcher process on the
/// same database sees it, and it is released when disposed or when the process dies.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    /// <summary>Held for a whole poll: two polls at once would fetch and insert the same items.</summary>
    public const long PollKey = 0x5741_5443_4850_4F4C; // "WATCHPOL"

    /// <summary>Held while keywords are learned at start on an empty database.</summary>
    public const long LearnKey = 0x5741_5443_484C_524E; // "WATCHLRN"

    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock, or null when another session holds it.</summary>
    public static Task<AdvisoryLock?> TryAcquireAsync(string connectionString, long key, CancellationToken ct) =>
        AcquireAsync(connectionString, key, wait: false, ct);

    /// <summary>Waits until the lock is free.</summary>
    public static async Task<AdvisoryLock> AcquireAsync(string connectionString, long key, CancellationToken ct) =>
        (await AcquireAsync(connectionString, key, wait: true, ct))!;

    private static async Task<AdvisoryLock?> AcquireAsync(string connectionString, long key, bool wait, CancellationToken ct)
    {
        // Unpooled: a pooled connection would keep the session, and the lock, after Close.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 0 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                wait ? "SELECT pg_advisory_lock($1), true" : "SELECT true, pg_try_advisory_lock($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (reader.GetBoolean(1))
                return new AdvisoryLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
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
