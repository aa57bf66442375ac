using Watcher.Data;
using Watcher.Digest;
using Watcher.Feeds;
using Watcher.Labels;
using Watcher.Relevance;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;

namespace Watcher.Tests.Browser;

/// <summary>
/// What the admin pages show, made by the real pipeline before the service starts: feeds served by
/// Kestrel, learned keywords, a poll, editors' labels, and one digest written to the outbox.
/// </summary>
internal static class AdminSeed
{
    public const string StateMediaLabel = "state media";

    public static async Task<FeedServer> StartFeedsAsync()
    {
        var feeds = await FeedServer.StartAsync();
        feeds.ServeFile("/desk-fr.xml", TestPaths.TestData("EndToEnd", "desk-fr.xml"), "application/rss+xml; charset=utf-8");
        feeds.ServeFile("/wire-en.xml", TestPaths.TestData("EndToEnd", "wire-en.xml"), "application/atom+xml");
        feeds.ServeFile("/state-media.xml", TestPaths.TestData("Admin", "state-media.xml"), "application/rss+xml; charset=utf-8");
        feeds.Respond("/down.xml", FeedServerResponses.Status(503));
        return feeds;
    }

    /// <summary>Feeds with labels, a poll, two labels on hits, one digest sent (to the outbox).</summary>
    public static async Task FillAsync(AdminSite site, FeedServer feeds)
    {
        using var host = site.Host();
        await host.Get<KeywordLearning>().LearnIfEmptyAsync(default);
        var registry = host.Get<FeedRegistry>();
        await registry.AddAsync(feeds.UrlFor("/desk-fr.xml").AbsoluteUri, "Journal du Sahel", "local press", default);
        await registry.AddAsync(feeds.UrlFor("/wire-en.xml").AbsoluteUri, "World Wire", "wire", default);
        await registry.AddAsync(feeds.UrlFor("/state-media.xml").AbsoluteUri, "Agence d'État", StateMediaLabel, default);
        await registry.AddAsync(feeds.UrlFor("/down.xml").AbsoluteUri, "Écho du Mali", null, default);
        await host.Get<FeedPoller>().PollAsync(force: true, default);

        var db = await site.DbAsync();
        await using (db)
        {
            var hits = db.Hits.OrderBy(h => h.Id).Select(h => h.Id).ToList();
            var labels = host.Get<FeedbackStore>();
            await labels.AddAsync(new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.Cli) { HitId = hits[0] }, default);
            await labels.AddAsync(new FeedbackInput(FeedbackLabels.Irrelevant, FeedbackSources.DigestLink)
            {
                HitId = hits[^1], ListName = DigestKinds.DefaultList, Recipient = "desk@example.org", Note = "a supply story, not relations",
            }, default);
        }
        await host.Get<DigestDispatcher>().SendPendingAsync(default);
    }
}
