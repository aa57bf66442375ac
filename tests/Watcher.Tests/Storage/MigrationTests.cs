using Microsoft.EntityFrameworkCore;
using Npgsql;
using Watcher.Data;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresServer postgres)
{
    [Fact]
    public async Task CommittedMigrationsMatchTheModelAndCreateSnakeCaseTables()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var db = new WatcherDbContext(new DbContextOptionsBuilder<WatcherDbContext>().UseNpgsql(connectionString).Options);

        // A model change without its migration would fail here (and make Migrate refuse to run).
        Assert.False(db.Database.HasPendingModelChanges());
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'public' and table_name not like '\\_\\_%' order by 1", connection);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        Assert.Equal(["admin_users", "data_protection_keys", "digest_hits", "digests", "feedback", "feeds", "hits", "keyword_changes", "keywords", "list_opt_outs", "seen_items"], tables);
    }

    [Fact]
    public async Task AnItemIsStoredOncePerFeed()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var db = new WatcherDbContext(new DbContextOptionsBuilder<WatcherDbContext>().UseNpgsql(connectionString).Options);
        await db.Database.MigrateAsync();
        var feed = new Feed { Url = "https://a.example/rss" };
        db.Feeds.Add(feed);
        await db.SaveChangesAsync();
        db.SeenItems.Add(new SeenItem { FeedId = feed.Id, Identity = "same" });
        await db.SaveChangesAsync();
        db.SeenItems.Add(new SeenItem { FeedId = feed.Id, Identity = "same" });
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }
}
