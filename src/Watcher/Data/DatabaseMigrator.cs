using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Watcher.Data;

/// <summary>Creates or upgrades the schema with the committed EF Core migrations.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<WatcherDbContext> dbFactory, ILogger<DatabaseMigrator> logger)
{
    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
        // EF takes a database lock for the duration, so instances starting together do not collide.
        await db.Database.MigrateAsync(ct);
        logger.Migrated(pending);
        return pending;
    }
}
