using Microsoft.Extensions.Logging;
using Quartz;
using Watcher.Digest;

namespace Watcher.Scheduling;

/// <summary>Sends one list's digest of pending hits; the trigger names the list.</summary>
[DisallowConcurrentExecution]
public sealed class SendDigestJob(DigestDispatcher dispatcher, ILogger<SendDigestJob> logger) : IJob
{
    public static readonly JobKey Key = new("send-digest", "watcher");

    public const string ListKey = "list";

    public static string TriggerName(string listName) => $"send-digest-{listName}";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var listName = context.MergedJobDataMap.GetString(ListKey);
        // Triggers live in the database: one left by a removed list (or the single-list version) must not keep firing.
        if (listName is null || !dispatcher.Lists.Any(l => string.Equals(l.Name, listName, StringComparison.OrdinalIgnoreCase)))
        {
            logger.DigestTriggerOrphaned(context.Trigger.Key.ToString(), listName ?? "");
            await context.Scheduler.UnscheduleJob(context.Trigger.Key, cancellationToken);
            return;
        }
        await dispatcher.SendPendingAsync(listName, cancellationToken);
    }
}
