namespace Watcher.Supervision;

/// <summary>What the liveness monitor knows when it judges: all times from the service's TimeProvider.</summary>
/// <param name="MonitoringSince">When the monitor started (the scheduler had started by then).</param>
/// <param name="LastTick">When this instance's scheduler last fired a trigger; null before the first.</param>
/// <param name="DatabaseDownSince">Start of the current database outage; null while it answers.</param>
/// <param name="DatabaseUpSince">Start of the current stretch in which the database answers; null during an outage.</param>
public sealed record LivenessFacts(DateTimeOffset MonitoringSince, DateTimeOffset? LastTick, DateTimeOffset? DatabaseDownSince, DateTimeOffset? DatabaseUpSince);

/// <summary>Alive, or stuck and why (one line for logs and for /healthz).</summary>
public sealed record LivenessVerdict(bool Alive, string Reason, DateTimeOffset JudgedAt)
{
    /// <summary>Which part is stuck: "database" or "scheduler"; "loops" while alive.</summary>
    public string Part { get; init; } = "loops";
}

public static class Liveness
{
    /// <summary>
    /// Stuck when the database has been unreachable longer than <see cref="HealthOptions.DatabaseOutageLimit"/>,
    /// or when it answers and the scheduler has fired nothing for longer than
    /// <see cref="HealthOptions.SchedulerStallLimit"/>. The scheduler's job store is that database, so
    /// an outage stops its triggers too: during one the outage limit alone decides, and after it the
    /// scheduler gets a full stall limit to catch up.
    /// </summary>
    public static LivenessVerdict Judge(DateTimeOffset now, LivenessFacts facts, HealthOptions limits)
    {
        if (facts.DatabaseDownSince is { } down)
        {
            return now - down > limits.DatabaseOutageLimit
                ? new LivenessVerdict(false, $"database unreachable since {down:u}, longer than Health:DatabaseOutageLimit ({limits.DatabaseOutageLimit})", now) { Part = "database" }
                : new LivenessVerdict(true, $"database unreachable since {down:u}, within Health:DatabaseOutageLimit", now);
        }
        var quietSince = Latest(facts.LastTick ?? facts.MonitoringSince, facts.DatabaseUpSince ?? facts.MonitoringSince);
        return now - quietSince > limits.SchedulerStallLimit
            ? new LivenessVerdict(false, facts.LastTick is { } tick
                ? $"scheduler has fired no trigger since {tick:u}, longer than Health:SchedulerStallLimit ({limits.SchedulerStallLimit})"
                : $"scheduler has fired no trigger since it started, longer than Health:SchedulerStallLimit ({limits.SchedulerStallLimit})", now) { Part = "scheduler" }
            : new LivenessVerdict(true, "scheduler and database answer", now);
    }

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
