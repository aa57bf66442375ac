using Quartz;
using Watcher.Digest;

namespace Watcher.Scheduling;

/// <summary>Mails at once the hits above each list's alert score that no alert or digest of that list carried yet.</summary>
[DisallowConcurrentExecution]
public sealed class SendAlertsJob(DigestDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("send-alerts", "watcher");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await dispatcher.SendDueAlertsAsync(cancellationToken);
}
