using Quartz;
using Watcher.Feeds;

namespace Watcher.Scheduling;

/// <summary>
/// Polls the feeds that are due. One at a time across the Quartz cluster; a `watcher poll` running at
/// the same moment holds the poll lock and this tick is skipped (the poller logs it).
/// </summary>
[DisallowConcurrentExecution]
public sealed class PollFeedsJob(FeedPoller poller) : IJob
{
    public static readonly JobKey Key = new("poll-feeds", "watcher");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await poller.PollAsync(force: false, cancellationToken);
        }
        catch (PollAlreadyRunningException)
        {
            // The next tick polls what is still due.
        }
    }
}
