using Quartz;

namespace Watcher.Scheduling;

/// <summary>
/// When this instance's scheduler last fired a trigger. Quartz runs clustered, so a job of the store
/// may fire on any instance; a trigger listener sees only this one's, which is what its watchdog must judge.
/// </summary>
public sealed class SchedulerHeartbeat(TimeProvider clock)
{
    private long _lastTickTicks;

    public DateTimeOffset? LastTick
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastTickTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public void Beat() => Interlocked.Exchange(ref _lastTickTicks, clock.GetUtcNow().UtcTicks);
}

/// <summary>Stamps the heartbeat whenever this instance fires a trigger, of any job.</summary>
internal sealed class HeartbeatTriggerListener(SchedulerHeartbeat heartbeat) : ITriggerListener
{
    public string Name => "watcher-heartbeat";

    public ValueTask TriggerFired(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        heartbeat.Beat();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Does nothing but fire, so that a scheduler with no poll or digest due still shows it is running.</summary>
[DisallowConcurrentExecution]
public sealed class HeartbeatJob : IJob
{
    public static readonly JobKey Key = new("heartbeat", "watcher");

    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
