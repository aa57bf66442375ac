using Quartz;
using Watcher.Digest;

namespace Watcher.Scheduling;

/// <summary>
/// Retries failed digests on the back-off ladder (Digest:RetryDelays) rather than waiting for the next
/// cron, and settles runs a crash left "sending" (releasing the hits of those cut off before the message
/// data went out, so this same job retries them).
/// </summary>
[DisallowConcurrentExecution]
public sealed class RetryDigestsJob(DigestDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("retry-digests", "watcher");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await dispatcher.SettleCutOffRunsAsync(cancellationToken);
        await dispatcher.RetryFailedAsync(cancellationToken);
    }
}
