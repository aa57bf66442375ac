using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Feeds;
using Watcher.Labels;
using Watcher.Http;
using Watcher.Http.Admin;
using Watcher.Links;
using Watcher.Relevance;
using Watcher.Scheduling;
using Watcher.Supervision;
using Watcher.Telemetry;

namespace Watcher;

/// <summary>The composition root: one Generic Host for the service and for every admin command.</summary>
public static class WatcherHost
{
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The host of an admin command (<paramref name="service"/> false), or of the service without its
    /// HTTP listener. Admin commands never listen.
    /// </summary>
    /// <param name="service">The long-running service (scheduler, supervision, console log with timestamps) rather than one admin command.</param>
    /// <param name="overrides">Configuration laid over appsettings.json and the environment (tests use it).</param>
    public static HostApplicationBuilder CreateBuilder(bool service, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        // appsettings.json and seeds/ travel with the executable, so the content root is the app's own folder.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        Compose(builder, service, overrides);
        if (service)
            builder.Services.AddTelemetryExport(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The service: the same composition on a web host whose Kestrel serves <see cref="HttpServices"/>
    /// at Http:Urls, or the plain host when Http:Urls is empty. Kestrel starts after the other hosted
    /// services (ASP.NET Core adds it last), so it answers once migrations ran and the scheduler started.
    /// </summary>
    public static IHost BuildService(IReadOnlyDictionary<string, string?>? overrides = null) => BuildService(overrides, null);

    /// <param name="replace">Registrations laid over the composition (tests give it their clock).</param>
    internal static IHost BuildService(IReadOnlyDictionary<string, string?>? overrides, Action<IServiceCollection>? replace)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        if (overrides is not null)
            builder.Configuration.AddInMemoryCollection(overrides);
        if (!HttpOptions.IsListening(builder.Configuration))
        {
            var plain = CreateBuilder(service: true, overrides);
            replace?.Invoke(plain.Services);
            return plain.Build();
        }

        Compose(builder, service: true, overrides: null);
        builder.AddWatcherHttp(builder.Services.AddTelemetryExport(builder.Configuration));
        builder.AddWatcherAdmin();
        replace?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapWatcherHttp();
        app.MapWatcherAdmin();
        return app;
    }

    private static void Compose(IHostApplicationBuilder builder, bool service, IReadOnlyDictionary<string, string?>? overrides)
    {
        if (overrides is not null)
            builder.Configuration.AddInMemoryCollection(overrides);
        LogLevelSettings.Check(builder.Configuration);

        builder.Logging.ClearProviders();
        if (service && SupervisionServices.LogsToJournal)
        {
            // journald stamps each line itself and reads the <6>-style priority prefix.
            builder.Logging.AddSystemdConsole(console => console.IncludeScopes = false);
        }
        else if (service)
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
                console.UseUtcTimestamp = true;
            });
        }
        else
        {
            // Admin commands print their results on stdout; the log stays on stderr and says only what went wrong.
            // It is held back until the command ends (CliRunner): a failed command prints its one
            // `watcher:` line and nothing else, since that line already says what the log would.
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
            builder.Logging.AddGlobalBuffer(LogLevel.Warning);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Watcher", LogLevel.Warning);
            // A database failure ends the command with one line of its own; EF's log of it would repeat it.
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        }
        // The Data Protection keys sit unencrypted in PostgreSQL on purpose (the database is the trust
        // boundary, and every instance must read them): its warning about that would repeat at every start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        // A digest send under way when the service is stopped is finished, not abandoned: the shutdown
        // timeout must exceed Smtp:Timeout (checked at start).
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTelemetry();
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddFeeds(builder.Configuration);
        builder.Services.AddRelevance(builder.Configuration);
        builder.Services.AddLabels();
        builder.Services.AddAdminUsers();
        builder.Services.AddLinks(builder.Configuration);
        builder.Services.AddDigest(builder.Configuration);
        if (service)
        {
            builder.Services.AddScheduling(builder.Configuration);
            // After the scheduler: the monitor starts once the scheduler runs.
            builder.Services.AddSupervision(builder.Configuration);
        }
    }
}
