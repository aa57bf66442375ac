namespace Watcher.Supervision;

/// <summary>When the service counts as stuck: systemd's watchdog pings stop and /healthz answers 503.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>The database may be unreachable this long before the service counts as stuck (a restart may help then).</summary>
    public TimeSpan DatabaseOutageLimit { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>With the database reachable, the scheduler must fire a trigger at least this often.</summary>
    public TimeSpan SchedulerStallLimit { get; set; } = TimeSpan.FromMinutes(5);
}
