using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Feeds;
using Watcher.Links;
using Watcher.Relevance;

namespace Watcher.Scheduling;

/// <summary>
/// Before the scheduler starts: bring the schema up to date, make sure a link-signing key exists, learn
/// keywords if there are none, settle digests a crash left half-sent, and say which ones may not have arrived.
/// </summary>
public sealed class StartupTasks(
    DatabaseMigrator migrator,
    KeywordLearning learning,
    DigestDispatcher digests,
    IOptions<PollingOptions> polling,
    DigestTransportFactory transports,
    LinkTokens links,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        links.EnsureKey();
        await learning.LearnIfEmptyAsync(cancellationToken);
        await digests.SettleCutOffRunsAsync(cancellationToken);
        var unconfirmed = await digests.UnconfirmedAsync(cancellationToken);
        if (unconfirmed.Count > 0)
            logger.DigestsAwaitingCheck(unconfirmed.Count, string.Join(", ", unconfirmed.Select(u => u.Id)));
        var lists = digests.Lists;
        logger.ServiceStarted(polling.Value.Interval, lists[0].Cron, lists[0].TimeZone.Id, transports.Describe());
        foreach (var list in lists)
        {
            logger.DigestListConfigured(list.Name, transports.RecipientsFor(list).Length, list.Cron, list.TimeZone.Id, list.Language,
                list.AlertScore is { } score ? $"from score {score}" : "off", list.SendWhenEmpty ? "« rien de nouveau » mail" : "no mail");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
