using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Watcher.Feeds;

namespace Watcher.Scheduling;

/// <summary>
/// Every instance polls on its own timer, several times per interval, and takes the feeds that are due
/// and not claimed by another instance (<see cref="FeedClaims"/>): a second instance adds fetch
/// capacity. (A Quartz job fires on one node of the cluster per tick, which made the cluster one poller.)
/// </summary>
public sealed class PollLoop(
    FeedPoller poller,
    ISchedulerFactory schedulers,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    ILogger<PollLoop> logger) : BackgroundService
{
    /// <summary>The Quartz job that polled before; a database upgraded from then still holds it and its trigger.</summary>
    internal static readonly JobKey FormerPollJob = new("poll-feeds", "watcher");

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the scheduler starts: its trigger would fire a job class that no longer exists.
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(FormerPollJob, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollTiming.Tick(options.Value.Interval), clock);
        do
        {
            try
            {
                // Stopping the service takes no more feeds; those in flight are finished and stored.
                await poller.PollAsync(force: false, CancellationToken.None, stoppingToken);
            }
            catch (Exception e)
            {
                // The database is away, say: the next tick tries again.
                logger.PollFailed(e.GetType().Name, e.Message);
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
