using System.Net;
using Microsoft.EntityFrameworkCore;
using Watcher.Data;
using Watcher.Tests.Cli;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Watcher.Tests.Operations;

namespace Watcher.Tests.Browser;

/// <summary>
/// `watcher run` on its own database with one admin user, its listener on 127.0.0.1: what the admin
/// page tests sign in to. The database is migrated and can be filled before the service starts.
/// </summary>
internal sealed class AdminSite : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "correct horse battery staple";

    private readonly string _outbox = Directory.CreateTempSubdirectory("watcher-admin-outbox-").FullName;

    private AdminSite(string connectionString, Dictionary<string, string> environment)
    {
        ConnectionString = connectionString;
        Environment = environment;
    }

    public string ConnectionString { get; }

    /// <summary>What the service and the CLI run with.</summary>
    public Dictionary<string, string> Environment { get; }

    public RunningService? Service { get; private set; }

    public Uri BaseUri => Service?.BaseUri ?? throw new InvalidOperationException("the service is not started");

    /// <summary>A migrated database with the user <see cref="User"/> added through `watcher users add` (password on a pipe).</summary>
    public static async Task<AdminSite> CreateAsync(PostgresServer postgres, IReadOnlyDictionary<string, string>? settings = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Watcher"] = connectionString,
            ["Http__Urls"] = "http://127.0.0.1:0",
            // Polls and digests are not what these tests look at: none fires while they run.
            ["Polling__Interval"] = "1.00:00:00",
            ["Digest__Cron"] = "0 0 3 1 1 ? 2099",
            ["Digest__Recipients__0"] = "desk@example.org",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        var site = new AdminSite(connectionString, environment);
        site.Environment.TryAdd("Digest__OutboxDirectory", site._outbox);
        var migrate = await WatcherProcess.RunAsync(site.Environment, null, "migrate");
        if (migrate.ExitCode != 0)
            throw new InvalidOperationException("watcher migrate failed: " + migrate.Stderr);
        var add = await WatcherProcess.RunAsync(site.Environment, Password + "\n", "users", "add", User);
        if (add.ExitCode != 0)
            throw new InvalidOperationException("watcher users add failed: " + add.Stderr);
        return site;
    }

    public async Task StartAsync() => Service = await RunningService.StartAsync(Environment);

    /// <summary>Watcher's services in this process, on the same database (to fill it, or to check what a page stored).</summary>
    public WatcherTestHost Host() => new(ConnectionString, Environment.ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value));

    public async Task<WatcherDbContext> DbAsync() =>
        await Host().Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();

    /// <summary>An HTTP client that keeps cookies (in <paramref name="cookies"/> when given) and does not follow redirects, from <paramref name="localAddress"/> (any of 127.0.0.0/8).</summary>
    public HttpClient Client(string localAddress = "127.0.0.1", CookieContainer? cookies = null) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        CookieContainer = cookies ?? new CookieContainer(),
        UseCookies = true,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = BaseUri,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.StopAsync();
            Service.Dispose();
        }
        try
        {
            Directory.Delete(_outbox, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
