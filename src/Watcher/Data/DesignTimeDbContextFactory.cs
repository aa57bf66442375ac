using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Watcher.Data;

/// <summary>
/// What `dotnet ef migrations add` builds the model from. Scaffolding a migration needs no server, so the
/// connection string only has to name the provider; `dotnet ef database update` would use it, but
/// Watcher migrates itself (`watcher migrate`).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<WatcherDbContext>
{
    public WatcherDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WatcherDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("ConnectionStrings__Watcher") ?? "Host=127.0.0.1;Database=watcher;Username=watcher")
            .Options);
}
