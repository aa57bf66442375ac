using Quartz;
using Watcher.Data;

namespace Watcher.Scheduling;

/// <summary>Deletes what Retention:* no longer keeps: at start, then daily.</summary>
[DisallowConcurrentExecution]
public sealed class PruneJob(RetentionPruner pruner) : IJob
{
    public static readonly JobKey Key = new("prune", "watcher");

    public static readonly TimeSpan Every = TimeSpan.FromDays(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await pruner.PruneAsync(cancellationToken);
}
