using Microsoft.EntityFrameworkCore;
using Watcher.Data;
using Watcher.Relevance;
using Watcher.Tests.Cli;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Relevance;

/// <summary>Keyword history, background learning and dry runs on a real database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class KeywordStoreTests(PostgresServer postgres)
{
    [Fact]
    public async Task Changes_are_recorded_and_admin_edits_survive_a_re_learn()
    {
        using var host = new WatcherTestHost(await postgres.CreateDatabaseAsync());
        await host.Get<DatabaseMigrator>().MigrateAsync(default);
        var store = host.Get<KeywordStore>();
        var learning = host.Get<KeywordLearning>();

        var outcome = await learning.LearnAsync(null, default);
        Assert.Equal(0, outcome.BackgroundItems); // an empty database has no polled news yet
        await store.ReplaceLearnedAsync(outcome.Keywords, apply: true, default);
        var mali = outcome.Keywords.Single(k => k.Term == "mali");
        await store.SetAsync("Mali", 7, Facets.Mali, default);
        await store.SetAsync("nioro", 2, Facets.Mali, default);
        Assert.True(await store.RemoveAsync("kremlin", default));
        Assert.False(await store.RemoveAsync("kremlin", default));

        var again = await store.ReplaceLearnedAsync((await learning.LearnAsync(null, default)).Keywords, apply: true, default);
        Assert.Contains("mali", again.KeptByAdmin);
        Assert.Contains("kremlin", again.KeptByAdmin);

        var active = (await store.LoadActiveTermsAsync(default)).ToDictionary(t => t.Term, StringComparer.Ordinal);
        Assert.Equal(7, active["mali"].Weight);
        Assert.Equal(2, active["nioro"].Weight);
        Assert.DoesNotContain("kremlin", active.Keys);

        var history = await store.ListChangesAsync(null, 10_000, default);
        Assert.Equal(outcome.Keywords.Count, history.Count(c => c.Action == "learned"));
        var reweighted = Assert.Single(history, c => c.Term == "mali" && c.Action == "reweighted");
        Assert.Equal((mali.Weight, 7.0, KeywordStore.AdminSource), (reweighted.OldWeight!.Value, reweighted.NewWeight!.Value, reweighted.Source));
        Assert.Single(history, c => c.Term == "nioro" && c.Action == "added" && c.OldWeight == null && c.NewWeight == 2);
        var kremlin = await store.ListChangesAsync("KREMLIN", 10, default);
        Assert.Equal(["removed", "learned"], kremlin.Select(c => c.Action)); // newest first
        Assert.Null(kremlin[0].NewWeight);
    }

    [Fact]
    public async Task Learning_contrasts_the_seeds_with_recent_polled_items_once_there_are_enough()
    {
        using var host = new WatcherTestHost(await postgres.CreateDatabaseAsync(), new Dictionary<string, string?>
        {
            ["Relevance:MinBackgroundItems"] = "30",
        });
        await host.Get<DatabaseMigrator>().MigrateAsync(default);
        var learning = host.Get<KeywordLearning>();
        var without = await learning.LearnAsync(null, default);

        // General news that talks about cooperation all day long: the word says less about Mali and Russia.
        var now = DateTimeOffset.UtcNow;
        await AddSeenItemsAsync(host, Enumerable.Range(0, 40).Select(i =>
            ($"Coopération régionale numéro {i}", "Les partenaires saluent la coopération et le partenariat économique.", now.AddMinutes(-i))));
        var with = await learning.LearnAsync(null, default);

        Assert.Equal(40, with.BackgroundItems);
        double W(LearnOutcome o, string term) => o.Keywords.Single(k => k.Term == term).Weight;
        Assert.True(W(with, "cooperation") < W(without, "cooperation"));
        Assert.Equal(W(without, "mali"), W(with, "mali")); // the sides are not diluted by general news
    }

    [Fact]
    public async Task Dry_run_reports_the_eval_and_yesterdays_hits_that_would_change_without_changing_anything()
    {
        var connection = await postgres.CreateDatabaseAsync();
        var env = new Dictionary<string, string> { ["ConnectionStrings__Watcher"] = connection };
        using var host = new WatcherTestHost(connection);
        await host.Get<DatabaseMigrator>().MigrateAsync(default);
        var store = host.Get<KeywordStore>();
        await store.ReplaceLearnedAsync((await host.Get<KeywordLearning>().LearnAsync(null, default)).Keywords, apply: true, default);
        var now = DateTimeOffset.UtcNow;
        await AddSeenItemsAsync(host,
        [
            ("Le Kremlin reçoit une délégation de Bamako", "Coopération militaire renforcée entre les deux pays.", now.AddHours(-2)),
            ("Nioro : Moscou promet une aide militaire", "Des instructeurs arrivent pour former les soldats.", now.AddHours(-3)),
            ("Le Kremlin et Bamako, il y a deux jours", "Coopération militaire.", now.AddDays(-2)),
        ]);
        var before = await store.ListAsync(default);
        var labeled = RelevancePaths.TestData("fr-en-realistic.jsonl");

        var remove = await WatcherProcess.RunAsync(env, null, "keywords", "remove", "kremlin", "--dry-run", "--eval", labeled);
        Assert.True(remove.ExitCode == 0, remove.Stderr);
        Assert.Contains("Dry run: nothing is changed.", remove.Stdout, StringComparison.Ordinal);
        Assert.Contains("proposed: precision", remove.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Items first seen since .*: 2; hits now 1, proposed 0 \(0 would enter, 1 would leave\)", remove.Stdout);
        Assert.Contains("would leave: [", remove.Stdout, StringComparison.Ordinal);
        Assert.Contains("Le Kremlin reçoit une délégation de Bamako", remove.Stdout, StringComparison.Ordinal);

        var add = await WatcherProcess.RunAsync(env, null, "keywords", "add", "nioro", "--facet", "mali", "--weight", "3", "--dry-run");
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains("Evaluation: no labeled file", add.Stdout, StringComparison.Ordinal);
        Assert.Contains("would enter: [", add.Stdout, StringComparison.Ordinal);
        Assert.Contains("Nioro : Moscou promet une aide militaire", add.Stdout, StringComparison.Ordinal);

        var learn = await WatcherProcess.RunAsync(env, null, "keywords", "learn", "--dry-run");
        Assert.True(learn.ExitCode == 0, learn.Stderr);
        Assert.Contains("0 would enter, 0 would leave", learn.Stdout, StringComparison.Ordinal);

        // Nothing changed, nothing recorded beyond the first learn.
        var after = await store.ListAsync(default);
        Assert.Equal(before.Select(k => (k.Term, k.Weight, k.Active, k.Origin)), after.Select(k => (k.Term, k.Weight, k.Active, k.Origin)));
        Assert.DoesNotContain(await store.ListChangesAsync(null, 1000, default), c => c.Source == KeywordStore.AdminSource);

        var eval = await WatcherProcess.RunAsync(env, null, "eval", labeled);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Matches(@"^precision 1\.000  recall 1\.000  F1 1\.000  \(43 item\(s\)", eval.Stdout);

        var explained = await WatcherProcess.RunAsync(env,
            "{\"id\":\"f\",\"title\":\"Football : un défenseur malien rejoint le CSKA Moscou\",\"text\":\"Quatre ans avec le club russe.\"}", "classify", "--explain");
        Assert.True(explained.ExitCode == 0, explained.Stderr);
        Assert.Contains("\"relevant\":false", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("reads as another subject", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"facets\":{\"mali\":6,\"russia\":", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("{\"term\":\"moscou\",\"form\":\"Moscou\",\"field\":\"title\",\"facet\":\"russia\",\"contribution\":", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"language\":\"fr\"", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"subject\":{\"decision\":\"subject\"", explained.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "keywords", "remove", "kremlin")).ExitCode);
        var history = await WatcherProcess.RunAsync(env, null, "keywords", "history", "--term", "kremlin");
        Assert.True(history.ExitCode == 0, history.Stderr);
        Assert.Matches(@"removed\s+admin\s+kremlin\s+\d+\.\d\d → -\s+russia → -", history.Stdout);
        Assert.Matches(@"learned\s+learn\s+kremlin\s+- → \d+\.\d\d", history.Stdout);
    }

    private static async Task AddSeenItemsAsync(WatcherTestHost host, IEnumerable<(string Title, string Summary, DateTimeOffset FirstSeen)> items)
    {
        await using var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
        var feed = new Feed { Url = "https://news.example/" + Guid.NewGuid().ToString("N") + ".xml", CreatedAt = DateTimeOffset.UtcNow };
        db.Feeds.Add(feed);
        await db.SaveChangesAsync();
        var n = 0;
        foreach (var (title, summary, firstSeen) in items)
        {
            db.SeenItems.Add(new SeenItem
            {
                FeedId = feed.Id, Identity = "item-" + n++, Title = title, Summary = summary, FirstSeenAt = firstSeen,
                Link = "https://news.example/a/" + n,
            });
        }
        await db.SaveChangesAsync();
    }
}
