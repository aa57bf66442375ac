using Microsoft.EntityFrameworkCore;
using Watcher.Data;
using Watcher.Labels;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Labels;

/// <summary>Editors' labels on a real database: what they point at, what they copy, when they update.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FeedbackStoreTests(PostgresServer postgres)
{
    private const string Link = "https://news.example/monde/mali-russie";

    private async Task<WatcherTestHost> HostAsync()
    {
        var host = new WatcherTestHost(await postgres.CreateDatabaseAsync());
        await host.Get<DatabaseMigrator>().MigrateAsync(default);
        return host;
    }

    /// <summary>A polled item and the hit it became, as the poller stores them (the same feed, the normalised link).</summary>
    private static async Task<(long SeenId, long HitId)> AddItemAsync(WatcherTestHost host, string? link, string title, string summary)
    {
        await using var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
        var feed = new Feed { Url = "https://news.example/" + Guid.NewGuid().ToString("N") + ".xml" };
        db.Feeds.Add(feed);
        await db.SaveChangesAsync();
        var found = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var seen = new SeenItem { FeedId = feed.Id, Identity = Guid.NewGuid().ToString("N"), Title = title, Summary = summary, Link = link, FirstSeenAt = found, Relevant = true };
        var hit = new Hit { FeedId = feed.Id, Title = title, Summary = summary, Link = link, FoundAt = found };
        db.SeenItems.Add(seen);
        db.Hits.Add(hit);
        await db.SaveChangesAsync();
        return (seen.Id, hit.Id);
    }

    private static async Task<List<Feedback>> RowsAsync(WatcherTestHost host)
    {
        await using var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
        return await db.Feedback.AsNoTracking().OrderBy(f => f.Id).ToListAsync();
    }

    [Fact]
    public async Task A_label_finds_the_stored_item_by_its_link_updates_instead_of_duplicating_and_outlives_the_item()
    {
        using var host = await HostAsync();
        var store = host.Get<FeedbackStore>();
        var (seenId, hitId) = await AddItemAsync(host, Link, "Moscou et Bamako signent un accord", "Coopération militaire renforcée.");

        // The link as a reader copies it: tracking parameters and fragment, which the poller drops.
        var first = await store.AddAsync(new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.Cli)
        {
            Url = Link + "?utm_source=twitter&xtor=RSS-1#comments", Note = "clearly in scope",
        }, default);
        Assert.True(first.Created);
        Assert.Equal((seenId, hitId, Link), (first.Feedback.SeenItemId, first.Feedback.HitId, first.Feedback.Url));
        Assert.Equal(("Moscou et Bamako signent un accord", "Coopération militaire renforcée."), (first.Feedback.Title, first.Feedback.Text));

        // The same article through its hit id, from the same source: the label is updated.
        var again = await store.AddAsync(new FeedbackInput(FeedbackLabels.Irrelevant, FeedbackSources.Cli) { HitId = hitId }, default);
        Assert.Equal((first.Feedback.Id, FeedbackLabels.Relevant), (again.Feedback.Id, again.PreviousLabel));
        Assert.Null(again.Feedback.Note);

        // Digest links: one label per recipient.
        foreach (var recipient in new[] { "a@desk.example", "b@desk.example", "a@desk.example" })
        {
            await store.AddAsync(new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.DigestLink)
            {
                HitId = hitId, ListName = "bamako", Recipient = recipient,
            }, default);
        }
        var rows = await RowsAsync(host);
        Assert.Equal(3, rows.Count);
        Assert.Equal([(FeedbackSources.Cli, null), (FeedbackSources.DigestLink, "a@desk.example"), (FeedbackSources.DigestLink, "b@desk.example")],
            rows.Select(r => (r.Source, r.Recipient)));
        Assert.Equal([seenId], rows.Select(r => r.SeenItemId).Distinct());

        // Retention prunes the item and its hit: the labels stay, with their text, without the references.
        await using (var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync())
        {
            await db.Hits.Where(h => h.Id == hitId).ExecuteDeleteAsync();
            await db.SeenItems.Where(s => s.Id == seenId).ExecuteDeleteAsync();
        }
        rows = await RowsAsync(host);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal((null, null, "Moscou et Bamako signent un accord"), (r.SeenItemId, r.HitId, r.Title)));

        // One article, three opinions: the majority counts.
        var labels = await store.LoadLabelsAsync(default);
        var article = Assert.Single(labels);
        Assert.True(article.Relevant);
        Assert.Equal("Coopération militaire renforcée.", article.Text);
    }

    [Fact]
    public async Task An_article_without_a_link_is_one_label_per_item_and_an_unknown_url_needs_a_title_or_text()
    {
        using var host = await HostAsync();
        var store = host.Get<FeedbackStore>();
        var (seenId, _) = await AddItemAsync(host, null, "Sans lien : Bamako et Moscou", "Résumé.");

        var first = await store.AddAsync(new FeedbackInput(FeedbackLabels.Irrelevant, FeedbackSources.Cli) { SeenItemId = seenId }, default);
        var second = await store.AddAsync(new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.Cli) { SeenItemId = seenId }, default);
        Assert.Equal("item:" + seenId, first.Feedback.SubjectKey);
        Assert.Equal((first.Feedback.Id, FeedbackLabels.Irrelevant), (second.Feedback.Id, second.PreviousLabel));
        Assert.Null(first.Feedback.Url);

        var outside = await store.AddAsync(new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.Cli)
        {
            Url = "https://elsewhere.example/story", Title = "Une délégation du Tatarstan à Bamako",
        }, default);
        Assert.Equal((null, null, "https://elsewhere.example/story"), (outside.Feedback.SeenItemId, outside.Feedback.HitId, outside.Feedback.Url));
        Assert.Equal(2, (await store.LoadLabelsAsync(default)).Count);
    }

    [Fact]
    public async Task Wrong_input_is_refused_with_a_reason_and_stores_nothing()
    {
        using var host = await HostAsync();
        var store = host.Get<FeedbackStore>();

        var refused = new Dictionary<FeedbackInput, string>
        {
            [new FeedbackInput("maybe", FeedbackSources.Cli) { Url = Link, Title = "T" }] = "label must be relevant or irrelevant",
            [new FeedbackInput(FeedbackLabels.Relevant, "") { Url = Link, Title = "T" }] = "source must be",
            [new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.Cli) { SeenItemId = 424242 }] = "no stored item 424242",
            [new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.Cli) { HitId = 424242 }] = "no stored hit 424242",
            [new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.Cli) { Url = "ftp://news.example/a", Title = "T" }] = "not an http or https URL",
            [new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.Cli) { Url = Link }] = "nothing to label",
            [new FeedbackInput(FeedbackLabels.Relevant, FeedbackSources.Cli) { Url = Link, Title = "  ", Text = "\0" }] = "nothing to label",
        };
        foreach (var (input, reason) in refused)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(input, default));
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
        Assert.Empty(await RowsAsync(host));
    }

    [Fact]
    public async Task Writers_labelling_the_same_article_at_once_leave_one_row()
    {
        using var host = await HostAsync();
        var store = host.Get<FeedbackStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => store.AddAsync(
            new FeedbackInput(i % 2 == 0 ? FeedbackLabels.Relevant : FeedbackLabels.Irrelevant, FeedbackSources.DigestLink)
            {
                Url = Link, Title = "Moscou et Bamako", Recipient = "a@desk.example",
            }, default))));

        var row = Assert.Single(await RowsAsync(host));
        Assert.All(results, r => Assert.Equal(row.Id, r.Feedback.Id));
        Assert.Single(results, r => r.Created);
    }
}
