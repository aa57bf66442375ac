using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace Watcher.Supervision;

public static class SupervisionServices
{
    /// <summary>The liveness monitor (and systemd's watchdog through it), and READY=1 / STOPPING=1 under systemd.</summary>
    public static IServiceCollection AddSupervision(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>()
            .Bind(configuration.GetSection(HealthOptions.Section))
            .Validate(o => o.DatabaseOutageLimit >= TimeSpan.FromSeconds(1) && o.DatabaseOutageLimit <= TimeSpan.FromDays(1),
                "Health:DatabaseOutageLimit must be between 00:00:01 and 1.00:00:00 (hh:mm:ss)")
            .Validate(o => o.SchedulerStallLimit >= TimeSpan.FromSeconds(30) && o.SchedulerStallLimit <= TimeSpan.FromDays(1),
                "Health:SchedulerStallLimit must be between 00:00:30 and 1.00:00:00 (hh:mm:ss)")
            .ValidateOnStart();
        services.AddSingleton<DatabaseProbe>();
        services.AddSingleton<LivenessMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<LivenessMonitor>());
        if (UnderSystemd)
        {
            // What UseSystemd() registers, also when NOTIFY_SOCKET alone says a manager listens (see UnderSystemd).
            services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }
        return services;
    }

    /// <summary>
    /// The package's own test (systemd is the parent process, or PID 1 in a container), or NOTIFY_SOCKET
    /// set: sd_notify(3) asks for nothing else, and a manager that is not the parent sets it too
    /// (podman run --sdnotify=container).
    /// </summary>
    public static bool UnderSystemd =>
        SystemdHelpers.IsSystemdService() || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    /// <summary>stdout goes to the journal: lines carry a syslog priority and no timestamp of their own.</summary>
    public static bool LogsToJournal => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));
}
