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
    private PollerHarness(FeedServer server, WatcherTestHost host)
    {
        Server = server;
        Host = host;
    }

    public FeedServer Server { get; }

    public WatcherTestHost Host { get; }

    public FeedPoller Poller => Host.Get<FeedPoller>();

    public FeedRegistry Registry => Host.Get<FeedRegistry>();

    public static async Task<PollerHarness> StartAsync(PostgresServer postgres, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var server = await FeedServer.StartAsync();
        var host = new WatcherTestHost(await postgres.CreateDatabaseAsync(), settings, clock);
        await host.Get<DatabaseMigrator>().MigrateAsync(default);
        await host.Get<KeywordLearning>().LearnIfEmptyAsync(default);
        return new PollerHarness(server, host);
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
        Host.Dispose();
        await Server.DisposeAsync();
    }
}
