using Microsoft.EntityFrameworkCore;
using Watcher.Data;
using Watcher.Feeds;
using Watcher.Relevance;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;

namespace Watcher.Tests.Feeds.Polling;

/// <summary>Watcher's real host on a fresh database, with a feed server on 127.0.0.1.</summary>
internal sealed class PollerHarness : IAsyncDisposable
{
    private readonly List<WatcherTestHost> _instances = [];
    private readonly IReadOnlyDictionary<string, string?>? _settings;

    private PollerHarness(FeedServer server, WatcherTestHost host, string connectionString, IReadOnlyDictionary<string, string?>? settings)
    {
        Server = server;
        Host = host;
        ConnectionString = connectionString;
        _settings = settings;
    }

    public string ConnectionString { get; }

    public FeedServer Server { get; }

    public WatcherTestHost Host { get; }

    public FeedPoller Poller => Host.Get<FeedPoller>();

    public FeedRegistry Registry => Host.Get<FeedRegistry>();

    public static async Task<PollerHarness> StartAsync(PostgresServer postgres, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var server = await FeedServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        var host = new WatcherTestHost(connectionString, settings, clock);
        await host.Get<DatabaseMigrator>().MigrateAsync(default);
        await host.Get<KeywordLearning>().LearnIfEmptyAsync(default);
        return new PollerHarness(server, host, connectionString, settings);
    }

    /// <summary>Another Watcher instance on the same database (its own poller), disposed with the harness.</summary>
    public FeedPoller OtherInstance(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var instance = new WatcherTestHost(ConnectionString, settings ?? _settings);
        _instances.Add(instance);
        return instance.Get<FeedPoller>();
    }

    public async Task<Feed> AddAsync(string path) => (await Registry.AddAsync(Server.UrlFor(path).AbsoluteUri, null, default)).Feed;

    public async Task<Feed> FeedAsync(long id)
    {
        await using var db = await Db();
        return await db.Feeds.AsNoTracking().SingleAsync(f => f.Id == id);
    }

    public async Task<WatcherDbContext> Db() => await Host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();

    public async Task<List<SeenItem>> SeenAsync(long feedId)
    {
        await using var db = await Db();
        return await db.SeenItems.AsNoTracking().Where(s => s.FeedId == feedId).OrderBy(s => s.Id).ToListAsync();
    }

    public async Task<List<Hit>> HitsAsync(long feedId)
    {
        await using var db = await Db();
        return await db.Hits.AsNoTracking().Where(h => h.FeedId == feedId).OrderBy(h => h.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
            instance.Dispose();
        Host.Dispose();
        await Server.DisposeAsync();
    }
}
