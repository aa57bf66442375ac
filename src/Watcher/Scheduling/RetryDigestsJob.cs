using Quartz;
using Watcher.Digest;

namespace Watcher.Scheduling;

/// <summary>
/// Retries failed digests on the back-off ladder (Digest:RetryDelays) rather than waiting for the next
/// cron, and settles runs a crash left "sending".
/// </summary>
[DisallowConcurrentExecution]
public sealed class RetryDigestsJob(DigestDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("retry-digests", "watcher");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await dispatcher.SettleInterruptedAsync(cancellationToken);
        await dispatcher.RetryFailedAsync(cancellationToken);
    }
}
