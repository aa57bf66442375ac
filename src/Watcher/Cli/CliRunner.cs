using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Buffering;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Watcher.Cli;

/// <summary>A user-facing failure of an admin command: printed as one line, exit code 1.</summary>
public sealed class CliException(string message) : Exception(message);

/// <summary>Runs one command on a freshly built host and turns failures into one clear line and an exit code.</summary>
public static class CliRunner
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int ConfigurationError = 2;
    public const int DatabaseError = 3;

    public static Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct) =>
        GuardAsync(async () =>
        {
            using var host = WatcherHost.CreateBuilder(service: false).Build();
            // The service validates options when it starts; an admin command checks the same rules first.
            host.Services.GetService<IStartupValidator>()?.Validate();
            var code = await action(host.Services, ct);
            host.Services.GetRequiredService<GlobalLogBuffer>().Flush();
            return code;
        });

    public static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (OptionsValidationException e)
        {
            return Fail(ConfigurationError, "configuration error: " + string.Join("; ", e.Failures));
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            return Fail(ConfigurationError, "configuration error: " + e.Message);
        }
        catch (Exception e) when (FindDatabaseError(e) is { } database)
        {
            return database is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } missing
                ? Fail(DatabaseError, $"database error: {missing.MessageText}; run `watcher migrate` first")
                : Fail(DatabaseError, "database error: " + (database.InnerException?.Message ?? database.Message));
        }
        catch (Exception e) when (e is CliException or ArgumentException or FormatException or IOException or InvalidOperationException)
        {
            return Fail(Failure, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else still ends as one line (the type tells a developer where to look), not a stack trace.
            return Fail(Failure, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>EF wraps driver errors (retries, DbUpdateException): the cause is further down the chain.</summary>
    private static NpgsqlException? FindDatabaseError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException database)
                return database;
        }
        return null;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine("watcher: " + message);
        return code;
    }
}
