using Microsoft.Extensions.Options;
using Npgsql;
using Watcher.Data;

namespace Watcher.Supervision;

/// <summary>Asks PostgreSQL a trivial question and keeps count of when it last answered and since when it has not.</summary>
public sealed class DatabaseProbe(IOptions<StorageOptions> storage, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _downSince;
    private DateTimeOffset? _upSince;
    private string? _lastError;

    public (DateTimeOffset? DownSince, DateTimeOffset? UpSince, string? LastError) State
    {
        get
        {
            lock (_gate)
                return (_downSince, _upSince, _lastError);
        }
    }

    /// <summary>`select 1` within <paramref name="timeout"/>; records the outcome and returns null or the failure in one line.</summary>
    public async Task<string?> ProbeAsync(TimeSpan timeout, CancellationToken ct)
    {
        string? error = null;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            await using var connection = new NpgsqlConnection(storage.Value.ConnectionString);
            await connection.OpenAsync(limit.Token);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = OneLine(e);
        }
        Record(error);
        return error;
    }

    /// <summary>The innermost message, which names the cause ("Connection refused"), without a stack trace.</summary>
    public static string OneLine(Exception e)
    {
        var cause = e;
        while (cause.InnerException is not null)
            cause = cause.InnerException;
        var text = cause == e ? e.Message : $"{e.Message} ({cause.Message})";
        text = text.ReplaceLineEndings(" ");
        return text.Length > 300 ? text[..300] : text;
    }

    private void Record(string? error)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            _lastError = error;
            if (error is null)
            {
                _upSince ??= now;
                _downSince = null;
            }
            else
            {
                _downSince ??= now;
                _upSince = null;
            }
        }
    }
}
