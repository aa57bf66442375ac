using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Watcher.Http.Pages;
using Watcher.Telemetry;

namespace Watcher.Http;

/// <summary>
/// The service's HTTP listener: /healthz, /readyz, /metrics, and the pages of the digest's links. Each room adds its endpoints here, in
/// <see cref="AddWatcherHttp"/> (services) and <see cref="MapWatcherHttp"/> (routes); the pipeline it
/// calls into knows nothing of HTTP.
/// </summary>
public static class HttpServices
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>Longest a single health check may take before it reports a timeout.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder AddWatcherHttp(this WebApplicationBuilder builder, OpenTelemetryBuilder telemetry)
    {
        builder.Services.AddOptions<HttpOptions>()
            .Bind(builder.Configuration.GetSection(HttpOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        var options = builder.Configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
        // Http:Urls is the one place addresses come from: not ASPNETCORE_URLS, nor the HTTP_PORTS the
        // ASP.NET container images set.
        builder.WebHost.UseUrls([.. options.UrlList()]);
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, "");

        builder.Services.AddHealthChecks()
            .AddCheck<LoopsHealthCheck>("loops", tags: [LiveTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<SchemaHealthCheck>("schema", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [ReadyTag], timeout: CheckTimeout);
        telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
        builder.Services.AddLinkPages();
        return builder;
    }

    public static WebApplication MapWatcherHttp(this WebApplication app)
    {
        // First, so that every answer carries them, health and metrics included.
        app.UseSecurityHeaders();
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponse.Writer("alive", "stuck"),
        });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponse.Writer("ready", "unready"),
        });

        // The database gauges are read (at most every few seconds) before the exporter collects.
        var gauges = app.Services.GetRequiredService<DatabaseGauges>();
        app.UseWhen(context => context.Request.Path.Equals("/metrics", StringComparison.Ordinal), metrics => metrics.Use(async (context, next) =>
        {
            await gauges.RefreshIfStaleAsync(context.RequestAborted);
            await next(context);
        }));
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapLinkPages();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Watcher.Http.Listener");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            logger.HttpListening(string.Join(", ", addresses));
        });
        return app;
    }
}
