using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Watcher.Data;

public static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Configure(o => o.ConnectionString = configuration.GetConnectionString("Watcher"))
            .Validate(o => IsValid(o.ConnectionString), "ConnectionStrings:Watcher is missing or not a valid PostgreSQL connection string (e.g. Host=localhost;Database=watcher;Username=watcher)")
            .ValidateOnStart();
        services.AddDbContextFactory<WatcherDbContext>((provider, db) =>
            db.UseNpgsql(provider.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.AddSingleton<DatabaseMigrator>();
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(o => RetentionOptions.IsValid(o.Items), "Retention:Items must be between 30.00:00:00 and 36500.00:00:00 (d.hh:mm:ss)")
            .Validate(o => RetentionOptions.IsValid(o.Hits), "Retention:Hits must be between 30.00:00:00 and 36500.00:00:00 (d.hh:mm:ss)")
            .ValidateOnStart();
        services.AddSingleton<RetentionPruner>();
        return services;
    }

    private static bool IsValid(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return false;
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).Host is { Length: > 0 };
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

public sealed class StorageOptions
{
    public string? ConnectionString { get; set; }
}
