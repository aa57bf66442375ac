using System.Text;
using Microsoft.EntityFrameworkCore;
using Watcher.Data;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Cli;

/// <summary>`watcher feedback`, `eval --feedback` and `keywords learn` with labels, as the real executable on a real database and real HTTP.</summary>
[Collection(PostgresCommandCollection.Name)]
public sealed class FeedbackCliTests(PostgresServer postgres) : IAsyncLifetime
{
    private FeedServer _pages = null!;

    public async Task InitializeAsync() => _pages = await FeedServer.StartAsync();

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    private async Task<(Dictionary<string, string> Env, string Connection)> LearnedDatabaseAsync()
    {
        var connection = await postgres.CreateDatabaseAsync();
        var env = new Dictionary<string, string> { ["ConnectionStrings__Watcher"] = connection, ["Polling__RequestTimeout"] = "00:00:05" };
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        var learn = await WatcherProcess.RunAsync(env, null, "keywords", "learn", "--yes");
        Assert.True(learn.ExitCode == 0, learn.Stderr);
        return (env, connection);
    }

    private static async Task<(long SeenId, long HitId)> AddPolledAsync(string connection, string link, string title, string summary, bool hit)
    {
        await using var db = new WatcherDbContext(new DbContextOptionsBuilder<WatcherDbContext>().UseNpgsql(connection).Options);
        var feed = await db.Feeds.FirstOrDefaultAsync() ?? db.Feeds.Add(new Feed { Url = "https://news.example/rss.xml" }).Entity;
        await db.SaveChangesAsync();
        var now = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var seen = db.SeenItems.Add(new SeenItem { FeedId = feed.Id, Identity = link, Title = title, Summary = summary, Link = link, FirstSeenAt = now, Relevant = hit }).Entity;
        var stored = hit ? db.Hits.Add(new Hit { FeedId = feed.Id, Title = title, Summary = summary, Link = link, FoundAt = now }).Entity : null;
        await db.SaveChangesAsync();
        return (seen.Id, stored?.Id ?? 0);
    }

    private static async Task<string> RunOkAsync(Dictionary<string, string> env, params string[] args)
    {
        var (code, stdout, stderr) = await WatcherProcess.RunAsync(env, null, args);
        Assert.True(code == 0, $"watcher {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }

    [Fact]
    public async Task Feedback_add_labels_stored_items_by_id_or_url_and_any_page_by_its_url_and_list_shows_whether_the_keywords_agree()
    {
        var (env, connection) = await LearnedDatabaseAsync();
        var (seenId, hitId) = await AddPolledAsync(connection, "https://news.example/a/goita-kremlin",
            "Vladimir Poutine reçoit Assimi Goïta au Kremlin", "Le Mali et la Russie renforcent leur coopération militaire.", hit: true);
        _pages.Serve("/football", Encoding.UTF8.GetBytes("""
            <html><head><meta property="og:title" content="Football : un défenseur malien rejoint le CSKA Moscou">
            <meta property="og:description" content="Quatre ans de contrat avec le club russe."></head><body></body></html>
            """), "text/html; charset=utf-8");

        var byId = await RunOkAsync(env, "feedback", "add", seenId.ToString(System.Globalization.CultureInfo.InvariantCulture), "irrelevant", "--note", "testing the label");
        Assert.StartsWith("Label 1: irrelevant — Vladimir Poutine reçoit Assimi Goïta au Kremlin", byId, StringComparison.Ordinal);
        Assert.Contains($"stored item {seenId}, hit:{hitId}", byId, StringComparison.Ordinal);
        Assert.Contains("✗ the active keywords disagree: kept (mali + russia evidence", byId, StringComparison.Ordinal);

        // The same article by hit id, then by URL with tracking parameters: the one label is updated.
        var byHit = await RunOkAsync(env, "feedback", "add", $"hit:{hitId}", "relevant");
        Assert.StartsWith("Label 1 updated: relevant (was irrelevant)", byHit, StringComparison.Ordinal);
        Assert.Contains("✓ the active keywords agree: kept", byHit, StringComparison.Ordinal);
        var byUrl = await RunOkAsync(env, "feedback", "add", "https://news.example/a/goita-kremlin?utm_medium=rss#top", "relevant");
        Assert.StartsWith("Label 1 updated: relevant (was relevant)", byUrl, StringComparison.Ordinal);

        var page = await RunOkAsync(env, "feedback", "add", _pages.UrlFor("/football").AbsoluteUri, "irrelevant");
        Assert.StartsWith("Label 2: irrelevant — Football : un défenseur malien rejoint le CSKA Moscou", page, StringComparison.Ordinal);
        Assert.Contains("title and description read from the page", page, StringComparison.Ordinal);
        Assert.Contains("✓ the active keywords agree: not kept (both sides named, but it reads as another subject", page, StringComparison.Ordinal);

        // A page that cannot be read: one line, exit 1, nothing stored; unless a title is given.
        var missing = _pages.UrlFor("/gone").AbsoluteUri;
        var failed = await WatcherProcess.RunAsync(env, null, "feedback", "add", missing, "relevant");
        Assert.Equal(1, failed.ExitCode);
        Assert.Equal($"watcher: could not read {missing}: HTTP 404 Not Found; nothing stored (--title, and --text, label it without the page)",
            failed.Stderr.TrimEnd());
        Assert.Empty(failed.Stdout);
        var titled = await RunOkAsync(env, "feedback", "add", missing, "relevant", "--title", "Une délégation d'Oudmourtie à Bamako");
        Assert.Contains("the page could not be read (HTTP 404 Not Found): title as given", titled, StringComparison.Ordinal);
        var given = await RunOkAsync(env, "feedback", "add", "https://nowhere.invalid/story", "relevant", "--title", "Bamako et Moscou", "--text", "Coopération.");
        Assert.Contains("title and text as given", given, StringComparison.Ordinal);

        foreach (var wrong in new[] { new[] { "feedback", "add", "nonsense", "relevant" }, ["feedback", "add", "424242", "relevant"], ["feedback", "add", "1", "maybe"] })
        {
            var refused = await WatcherProcess.RunAsync(env, null, wrong);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.StartsWith(wrong[2] == "424242" ? "watcher: no stored item 424242" : wrong[3] == "maybe" ? "" : "watcher: 'nonsense' is neither an item id", refused.Stderr, StringComparison.Ordinal);
        }

        var list = (await RunOkAsync(env, "feedback", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, list.Length); // header, four labels, summary
        Assert.Matches(@"^\s+1\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+relevant\s+cli\s+✓\s+Vladimir Poutine reçoit Assimi Goïta au Kremlin \| https://news\.example/a/goita-kremlin \(stored item \d+, hit:\d+\)$",
            Assert.Single(list, l => l.Contains("Goïta", StringComparison.Ordinal)));
        Assert.Contains(list, l => l.Contains("irrelevant  cli           ✓   Football", StringComparison.Ordinal));
        Assert.Equal("4 label(s): the active keywords agree with 3, disagree with 1.", list[^1]); // the Oudmourtie story is missed
        var relevantOnly = await RunOkAsync(env, "feedback", "list", "--label", "relevant", "--limit", "10");
        Assert.DoesNotContain("Football", relevantOnly, StringComparison.Ordinal);
        Assert.Contains("3 label(s)", relevantOnly, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_and_learning_read_the_labels_and_learn_shows_what_they_changed_before_asking()
    {
        var (env, _) = await LearnedDatabaseAsync();
        var none = await WatcherProcess.RunAsync(env, null, "eval", "--feedback");
        Assert.Equal((1, "watcher: no labels stored yet: `watcher feedback add <url-or-item-id> relevant|irrelevant` adds one"), (none.ExitCode, none.Stderr.TrimEnd()));
        var neither = await WatcherProcess.RunAsync(env, null, "eval");
        Assert.Equal((1, "watcher: give a labeled file, or --feedback for the stored labels"), (neither.ExitCode, neither.Stderr.TrimEnd()));

        // Two stories the seeds' keywords miss (no Russia-side word they know), and two they rightly ignore.
        (string Url, string Label, string Title, string Text)[] labels =
        [
            ("https://a.example/1", "relevant", "Une délégation d'Oudmourtie reçue à Bamako", "Le Mali et l'Oudmourtie parlent d'engrais."),
            ("https://a.example/2", "relevant", "L'Oudmourtie ouvre un bureau à Bamako", "Les autorités maliennes saluent ce partenariat."),
            ("https://a.example/3", "irrelevant", "La Guinée et la Chine signent un accord", "Bauxite et routes."),
            ("https://a.example/4", "irrelevant", "Football : le Mali bat le Niger", "Victoire deux buts à zéro."),
        ];
        foreach (var (url, label, title, text) in labels)
            await RunOkAsync(env, "feedback", "add", url, label, "--title", title, "--text", text);

        var eval = await RunOkAsync(env, "eval", "--feedback");
        Assert.StartsWith("precision 1.000  recall 0.000  F1 0.000  (4 item(s): 0 hit(s) right, 0 false positive(s), 2 missed, 2 rightly ignored)", eval, StringComparison.Ordinal);
        Assert.Contains("false negative: [feedback 1] Une délégation d'Oudmourtie reçue à Bamako", eval, StringComparison.Ordinal);
        Assert.Contains("no Russia-side term", eval, StringComparison.Ordinal);
        var both = await RunOkAsync(env, "eval", RelevanceTestFile(), "--feedback");
        Assert.Contains("(47 item(s)", both, StringComparison.Ordinal); // the file's 43 and the 4 labels

        var dryRun = await RunOkAsync(env, "keywords", "learn", "--dry-run");
        Assert.Contains("Labels: 4 labelled article(s) (2 relevant, 2 irrelevant) made ", dryRun, StringComparison.Ordinal);
        Assert.Matches(@"\+ oudmourtie \(topic, \d\.\d\d\): from 2 missed relevant label\(s\), in no irrelevant one; not in the lexicon", dryRun);
        Assert.Contains("Evaluation on the 4 labelled article(s) stored", dryRun, StringComparison.Ordinal);
        Assert.DoesNotContain("oudmourtie", await RunOkAsync(env, "keywords", "list"), StringComparison.Ordinal);

        var refused = await WatcherProcess.RunAsync(env, null, "keywords", "learn");
        Assert.Equal((1, "watcher: active keywords would be replaced; confirm with --yes"), (refused.ExitCode, refused.Stderr.TrimEnd()));
        var learn = await RunOkAsync(env, "keywords", "learn", "--yes");
        Assert.True(learn.IndexOf("Labels: 4", StringComparison.Ordinal) < learn.IndexOf("Changes: ", StringComparison.Ordinal), learn);
        Assert.Contains("Keywords updated.", learn, StringComparison.Ordinal);
        Assert.Matches(@"topic\s+\d\.\d\d\s+learned\s+oudmourtie", await RunOkAsync(env, "keywords", "list"));
        Assert.Contains("learned    learn  oudmourtie", await RunOkAsync(env, "keywords", "history", "--term", "oudmourtie"), StringComparison.Ordinal);

        // An admin who disagrees switches it off; the labels do not bring it back.
        await RunOkAsync(env, "keywords", "remove", "oudmourtie");
        var relearn = await RunOkAsync(env, "keywords", "learn", "--yes");
        Assert.DoesNotContain("+ oudmourtie", relearn, StringComparison.Ordinal);
        Assert.Contains("(off) oudmourtie", await RunOkAsync(env, "keywords", "list"), StringComparison.Ordinal);
    }

    private static string RelevanceTestFile() => TestPaths.TestData("Relevance", "fr-en-realistic.jsonl");
}
