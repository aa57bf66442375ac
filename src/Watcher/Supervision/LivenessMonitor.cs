using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Watcher.Scheduling;

namespace Watcher.Supervision;

/// <summary>
/// Probes the database and judges the service alive or stuck at a steady pace (<see cref="Liveness"/>);
/// under a systemd watchdog it sends WATCHDOG=1 after each judgement that found it alive, so systemd
/// restarts a service that is stuck, or whose own loop has stopped.
/// </summary>
public sealed class LivenessMonitor(
    DatabaseProbe database,
    SchedulerHeartbeat heartbeat,
    IOptions<HealthOptions> options,
    TimeProvider clock,
    ILogger<LivenessMonitor> logger,
    ISystemdNotifier? notifier = null) : BackgroundService
{
    /// <summary>How often it judges without a watchdog.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(15);

    private static readonly ServiceState Watchdog = new("WATCHDOG=1");

    private LivenessVerdict? _current;
    private bool _databaseDownReported;

    /// <summary>The last judgement; null until the first.</summary>
    public LivenessVerdict? Current => Volatile.Read(ref _current);

    /// <summary>Half systemd's watchdog interval (as sd_watchdog_enabled(3) advises), or <see cref="DefaultPeriod"/>.</summary>
    public TimeSpan Period { get; } = SystemdWatchdogInterval(notifier) is { } interval ? interval / 2 : DefaultPeriod;

    /// <summary>WATCHDOG_USEC when systemd set a watchdog for this process (WATCHDOG_PID, when set, is ours).</summary>
    public static TimeSpan? SystemdWatchdogInterval(ISystemdNotifier? notifier)
    {
        if (notifier is not { IsEnabled: true }
            || !long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec)
            || usec <= 0)
        {
            return null;
        }
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
            return null;
        return TimeSpan.FromMicroseconds(usec);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = clock.GetUtcNow();
        var pinging = SystemdWatchdogInterval(notifier) is not null;
        if (pinging)
            logger.WatchdogEnabled(Period * 2);
        var probeTimeout = Period < TimeSpan.FromSeconds(5) ? Period : TimeSpan.FromSeconds(5);
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            var error = await database.ProbeAsync(probeTimeout, stoppingToken);
            var (downSince, upSince, _) = database.State;
            var verdict = Liveness.Judge(clock.GetUtcNow(), new LivenessFacts(since, heartbeat.LastTick, downSince, upSince), options.Value);
            Report(Current, verdict, error);
            Volatile.Write(ref _current, verdict);
            if (verdict.Alive && pinging)
                Ping();
        }
        while (await Tick(timer, stoppingToken));
    }

    /// <summary>A notify socket that went away is systemd's problem to notice (it will, by the missing pings); the loop goes on.</summary>
    private void Ping()
    {
        try
        {
            notifier!.Notify(Watchdog);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            logger.WatchdogPingFailed(e.Message);
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Report(LivenessVerdict? before, LivenessVerdict now, string? databaseError)
    {
        if (databaseError is not null && !_databaseDownReported)
            logger.DatabaseUnreachable(databaseError);
        _databaseDownReported = databaseError is not null;
        if (before is null ? !now.Alive : before.Alive != now.Alive)
        {
            if (now.Alive)
                logger.ServiceAliveAgain(now.Reason);
            else
                logger.ServiceStuck(now.Reason);
        }
    }
}
