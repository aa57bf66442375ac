using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Watcher.Telemetry;

public static class TelemetryServices
{
    /// <summary>The standard OpenTelemetry variable; when set, metrics and traces also go there over OTLP.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Tag combinations one instrument keeps; further ones are counted under OpenTelemetry's overflow
    /// attribute. The widest is a digest's (list, kind, outcome): a hundred lists would still fit.
    /// </summary>
    public const int MaxTagCombinations = 500;

    /// <summary>The instruments, in every command (they cost nothing where nothing listens).</summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<WatcherMetrics>();
        return services;
    }

    /// <summary>
    /// The service's export: OpenTelemetry's meter provider with the database gauges, plus OTLP when
    /// <see cref="OtlpEndpointVariable"/> is set (the exporter reads the other OTEL_* variables itself).
    /// The Prometheus exporter is the HTTP listener's (<c>AddWatcherHttp</c>).
    /// </summary>
    public static OpenTelemetryBuilder AddTelemetryExport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DatabaseGauges>();
        services.AddSingleton<SchedulerGauge>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("watcher"))
            .WithMetrics(metrics => metrics
                .AddMeter(WatcherMetrics.MeterName)
                // Watcher's tags are few (a feed status, a list, a digest's kind and outcome); OpenTelemetry
                // reserves room for 2,000 combinations per instrument up front, 2.6 MB for Watcher's 15.
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MaxTagCombinations })
                // Built with the meter provider, so its gauges exist whenever something exports.
                .AddInstrumentation(provider => provider.GetRequiredService<DatabaseGauges>())
                .AddInstrumentation(provider => provider.GetRequiredService<SchedulerGauge>()));
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            telemetry.WithMetrics(metrics => metrics.AddOtlpExporter());
            telemetry.WithTracing(tracing => tracing.AddSource(WatcherMetrics.MeterName).AddOtlpExporter());
        }
        return telemetry;
    }
}
