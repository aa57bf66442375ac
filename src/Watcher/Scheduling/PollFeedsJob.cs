using Quartz;
using Watcher.Feeds;

namespace Watcher.Scheduling;

/// <summary>Polls the feeds that are due. One at a time across the whole cluster.</summary>
[DisallowConcurrentExecution]
public sealed class PollFeedsJob(FeedPoller poller) : IJob
{
    public static readonly JobKey Key = new("poll-feeds", "watcher");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await poller.PollAsync(force: false, cancellationToken);
}
