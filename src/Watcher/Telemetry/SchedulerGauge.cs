using System.Diagnostics.Metrics;
using Watcher.Scheduling;

namespace Watcher.Telemetry;

/// <summary>How long ago this instance's scheduler fired a trigger: what the liveness monitor holds against Health:SchedulerStallLimit.</summary>
public sealed class SchedulerGauge
{
    public SchedulerGauge(WatcherMetrics metrics, SchedulerHeartbeat heartbeat, TimeProvider clock) =>
        metrics.Meter.CreateObservableGauge<double>("watcher.scheduler.last_fire.age",
            () => heartbeat.LastTick is { } tick ? [new Measurement<double>(Math.Max(0, (clock.GetUtcNow() - tick).TotalSeconds))] : [],
            "s", "Time since this instance's scheduler last fired a trigger (a heartbeat fires every 15 s)");
}
