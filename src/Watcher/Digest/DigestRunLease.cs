using Npgsql;
using Watcher.Data;

namespace Watcher.Digest;

/// <summary>
/// A claimed run's hold on its own delivery: a session advisory lock on an unpooled connection, taken
/// before the claim commits and kept until the outcome is recorded. While it is held the run is being
/// sent; when the process dies the database ends the session and the lock with it, so a run still
/// "sending" whose lock is free was cut off. Each phase is written, synchronously and only while the
/// run is still "sending", before the step it names is taken.
/// </summary>
internal sealed class DigestRunLease(NpgsqlConnection connection, DigestRun run, TimeProvider clock) : IDeliveryProgress, IAsyncDisposable
{
    // Advisory locks keyed by two integers live apart from the single-key ones (the poll lock): "WD" and the run.
    private const int LockClass = 0x5744;

    public DigestRun Run => run;

    /// <summary>Unpooled: a pooled connection would keep its session, and the lock, after Close.</summary>
    public static async Task<NpgsqlConnection> OpenConnectionAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static async Task LockAsync(NpgsqlConnection connection, long runId, CancellationToken ct)
    {
        await using var command = LockCommand("SELECT pg_advisory_lock($1, $2)", connection, runId);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <returns>False while the run's sender holds it.</returns>
    public static async Task<bool> TryLockAsync(NpgsqlConnection connection, long runId, CancellationToken ct)
    {
        await using var command = LockCommand("SELECT pg_try_advisory_lock($1, $2)", connection, runId);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    public static async Task UnlockAsync(NpgsqlConnection connection, long runId)
    {
        await using var command = LockCommand("SELECT pg_advisory_unlock($1, $2)", connection, runId);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    public void Connecting(string destination) => Record(DigestPhases.Connecting, destination);

    public void Writing(string directory) => Record(DigestPhases.Writing, directory);

    public void HandingOverData() => Record(DigestPhases.DataSent, null);

    /// <exception cref="DigestDeliveryException">Not recorded: the step must not be taken.</exception>
    private void Record(string phase, string? destination)
    {
        int updated;
        try
        {
            // Synchronous on purpose: MailKit's hook before DATA is synchronous, and the write must be
            // durable (committed) before the step, not queued alongside it.
            using var command = new NpgsqlCommand("""
                UPDATE digests SET phase = $2, phase_at = $3, destination = coalesce($4, destination)
                WHERE id = $1 AND status = 'sending'
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = run.Id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = phase });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow().ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)destination ?? DBNull.Value });
            updated = command.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            throw new DigestDeliveryException($"digest {run.Id} was not sent: its progress ({phase}) could not be recorded: {e.Message}", e);
        }
        if (updated != 1)
            throw new DigestDeliveryException($"digest {run.Id} was not sent: another process settled it as cut off meanwhile");
        run.Phase = phase;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await UnlockAsync(connection, run.Id);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The session is gone or going: closing it releases the lock anyway.
        }
        await connection.DisposeAsync();
    }

    private static NpgsqlCommand LockCommand(string sql, NpgsqlConnection connection, long runId)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = LockClass });
        // Ids beyond 2^31 wrap; two runs sharing a key would only make one wait for the other's settling.
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = unchecked((int)runId) });
        return command;
    }
}
