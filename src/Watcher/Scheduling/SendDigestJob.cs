using Quartz;
using Watcher.Digest;

namespace Watcher.Scheduling;

/// <summary>Sends the daily digest of pending hits.</summary>
[DisallowConcurrentExecution]
public sealed class SendDigestJob(DigestDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("send-digest", "watcher");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await dispatcher.SendPendingAsync(cancellationToken);
}
