using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Watcher.Scheduling;

/// <summary>
/// Starts Quartz inside the host's start (systemd hears READY=1, on ApplicationStarted, only once the
/// scheduler runs) and stops it in a way that ends even while the database is unreachable. Quartz's own
/// hosted service waits for the scheduler's loop, and with its job store in a database that is gone that
/// loop retries forever: SIGTERM never ended the process (seen with PostgreSQL stopped first; the dump
/// showed the host's stop waiting on the loop's retry of a trigger release). Here: nothing new fires, a
/// job being run (a digest being sent) finishes within the host's shutdown timeout, then the scheduler
/// is shut down for at most <see cref="ShutdownWait"/>.
/// </summary>
internal sealed class SchedulerLifetime(ISchedulerFactory schedulers, RunningJobs running, ILogger<SchedulerLifetime> logger) : IHostedService
{
    /// <summary>How long the shutdown itself may take once no job runs (it closes the job store's connections).</summary>
    internal static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan JobPoll = TimeSpan.FromMilliseconds(200);
    private IScheduler? _scheduler;

    /// <summary>
    /// The shutdown did not finish in time: Quartz's threads still retry their database and would keep the
    /// process alive, so `watcher run` ends it once everything else has stopped.
    /// </summary>
    public bool Abandoned { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _scheduler = await schedulers.GetScheduler(cancellationToken);
        await _scheduler.Start(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not { } scheduler || scheduler.Status is SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown)
            return;
        // Standby touches no database: triggers stop firing, running jobs go on.
        await scheduler.Standby(CancellationToken.None);
        try
        {
            while (running.Count > 0)
                await Task.Delay(JobPoll, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.SchedulerJobsStillRunning(running.Count);
        }
        try
        {
            await scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None).AsTask().WaitAsync(ShutdownWait, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            Abandoned = true;
            logger.SchedulerShutdownAbandoned(ShutdownWait);
        }
    }
}

/// <summary>The jobs this instance is running now, counted by a job listener: asking Quartz would ask its database.</summary>
internal sealed class RunningJobs : IJobListener
{
    private int _count;

    public string Name => "watcher-running-jobs";

    public int Count => Volatile.Read(ref _count);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.CompletedTask;
    }

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        Interlocked.Decrement(ref _count);
        return ValueTask.CompletedTask;
    }
}
