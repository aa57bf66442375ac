using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;
using Xunit;

namespace Watcher.Tests.Fixtures;

/// <summary>
/// A throwaway PostgreSQL cluster started from the machine's server binaries, or the server named by
/// WATCHER_TEST_CONNECTION. Each test asks for its own empty database so tests stay isolated.
/// </summary>
public sealed partial class PostgresServer : IAsyncLifetime
{
    public const string ExternalServerVariable = "WATCHER_TEST_CONNECTION";

    private readonly List<string> _createdDatabases = [];
    private string? _rootDirectory;
    private string? _binDirectory;
    private string? _baseConnectionString;

    /// <summary>True when this fixture owns the cluster (and so can stop and start it).</summary>
    public bool IsThrowaway => _rootDirectory is not null;

    /// <summary>Connection string of the maintenance database (postgres), to create and drop databases.</summary>
    public string AdminConnectionString => ConnectionStringFor(AdminDatabase);

    private string AdminDatabase { get; set; } = "postgres";

    private string DataDirectory => Path.Combine(RootDirectory, "data");

    private string SocketDirectory => Path.Combine(RootDirectory, "sock");

    private string LogFile => Path.Combine(RootDirectory, "postgres.log");

    private string RootDirectory => _rootDirectory ?? throw new InvalidOperationException("This fixture does not own a cluster.");

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var builder = new NpgsqlConnectionStringBuilder(external);
            AdminDatabase = string.IsNullOrEmpty(builder.Database) ? "postgres" : builder.Database;
            _baseConnectionString = builder.ConnectionString;
            Port = builder.Port;
            return;
        }

        _binDirectory = PostgresBinaries.Locate();
        _rootDirectory = Path.Combine(
            PostgresProcess.RunningAsRoot ? "/tmp" : Path.GetTempPath(),
            "watcher-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(SocketDirectory);
        if (PostgresProcess.RunningAsRoot)
        {
            await PostgresProcess.GiveToServiceUserAsync(RootDirectory, CancellationToken.None);
        }

        await InitDbAsync(CancellationToken.None);

        // The free port can be taken between probing and binding; a few attempts settle that race.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            _baseConnectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = Port,
                Username = "postgres",
                Database = AdminDatabase,
                // Tests stop the server on purpose; fail fast rather than wait the default 15 s.
                Timeout = 5,
                // Every test opens its own database, hence its own pool; idle connections must not pile up.
                ConnectionIdleLifetime = 5,
                ConnectionPruningInterval = 1,
            }.ConnectionString;
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Npgsql connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionStringFor(string database)
    {
        var baseConnectionString = _baseConnectionString ?? throw new InvalidOperationException("The server is not initialized.");
        return new NpgsqlConnectionStringBuilder(baseConnectionString) { Database = database }.ConnectionString;
    }

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "test_" + Guid.NewGuid().ToString("N");
        if (!SafeIdentifier().IsMatch(name))
        {
            throw new ArgumentException($"Database name '{name}' must match {SafeIdentifier()}.", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        lock (_createdDatabases)
        {
            _createdDatabases.Add(name);
        }

        return ConnectionStringFor(name);
    }

    /// <summary>Starts the cluster (again), e.g. after <see cref="StopAsync"/> in a "database down" test.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var options = string.Join(' ',
            $"-p {Port}",
            $"-k {SocketDirectory}",
            "-c listen_addresses=127.0.0.1",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            "-c max_connections=300");
        try
        {
            await RunPgCtlAsync(["-D", DataDirectory, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"], cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}Server log:{Environment.NewLine}{ReadLogTail()}", e);
        }

        // Pooled connections from before a restart point at a dead server process.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Stops the cluster; connections fail until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        NpgsqlConnection.ClearAllPools();
        await RunPgCtlAsync(["-D", DataDirectory, "-m", "fast", "-w", "stop"], cancellationToken);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_rootDirectory is null)
        {
            await DropCreatedDatabasesAsync();
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunPgCtlAsync(["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
            }
        }
        finally
        {
            Directory.Delete(_rootDirectory, recursive: true);
            _rootDirectory = null;
        }
    }

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        var initdb = Path.Combine(_binDirectory!, "initdb");
        string[] common = ["-D", DataDirectory, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--no-sync"];
        try
        {
            // C.UTF-8 makes lower()/upper() handle accented letters, as a production locale would.
            await PostgresProcess.RunAsync(initdb, [.. common, "--locale=C.UTF-8"], cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // Machines without the C.UTF-8 locale still get a working (ASCII-casing) cluster.
            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }

            await PostgresProcess.RunAsync(initdb, [.. common, "--locale=C"], cancellationToken);
        }
    }

    private Task RunPgCtlAsync(string[] arguments, CancellationToken cancellationToken)
    {
        if (_binDirectory is null)
        {
            throw new InvalidOperationException(
                $"The server comes from {ExternalServerVariable}; this fixture cannot stop or start it.");
        }

        return PostgresProcess.RunAsync(Path.Combine(_binDirectory, "pg_ctl"), arguments, cancellationToken);
    }

    private async Task DropCreatedDatabasesAsync()
    {
        if (_baseConnectionString is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        foreach (var name in _createdDatabases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private string ReadLogTail()
    {
        try
        {
            var lines = File.ReadAllLines(LogFile);
            return string.Join(Environment.NewLine, lines.TakeLast(30));
        }
        catch (IOException)
        {
            return "(no server log)";
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SafeIdentifier();
}
