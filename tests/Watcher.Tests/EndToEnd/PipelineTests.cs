using Microsoft.EntityFrameworkCore;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Feeds;
using Watcher.Relevance;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.EndToEnd;

/// <summary>The whole job on real parts: Kestrel serves feeds, PostgreSQL stores, aiosmtpd receives the digest.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PipelineTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly string[] RelevantTitles =
    [
        "Le président russe Vladimir Poutine s'entretient avec le colonel Assimi Goïta",
        "Russia's Africa Corps sends more instructors to Mali",
        "Une délégation malienne reçue à Moscou pour un accord sur l'uranium",
    ];

    private static readonly string[] IrrelevantTitles =
    [
        "Le Mali et la France : le dialogue reste rompu",
        "La Russie signe un accord militaire avec le Niger",
        "Arm unveils a new Mali GPU for smartphones",
        "Ukraine says Russian drones hit power plants overnight",
        "Fête de fin d'année à l'école de Sévaré",
    ];

    private readonly SmtpServerFixture _smtp = new();
    private FeedServer? _feeds;
    private WatcherTestHost? _watcherHost;

    private FeedServer Feeds => _feeds!;

    private WatcherTestHost Watcher => _watcherHost!;

    public async Task InitializeAsync()
    {
        _feeds = await FeedServer.StartAsync();
        Feeds.ServeFile("/desk-fr.xml", TestPaths.TestData("EndToEnd", "desk-fr.xml"), "application/rss+xml; charset=utf-8");
        Feeds.ServeFile("/wire-en.xml", TestPaths.TestData("EndToEnd", "wire-en.xml"), "application/atom+xml");
        // No charset in the header: the XML declaration (ISO-8859-1) must decide.
        Feeds.ServeFile("/echo-latin1.xml", TestPaths.TestData("EndToEnd", "echo-latin1.xml"), "text/xml");
        Feeds.ServeFile("/broken.xml", TestPaths.TestData("EndToEnd", "broken.html"), "text/html");
        Feeds.Respond("/down.xml", FeedServerResponses.Status(500));

        _watcherHost = new WatcherTestHost(await postgres.CreateDatabaseAsync(), new Dictionary<string, string?>
        {
            ["Smtp:Host"] = _smtp.Host,
            ["Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:From"] = "watcher@example.org",
            ["Digest:Recipients:0"] = "desk@example.org",
            ["Digest:Recipients:1"] = "chef@example.org",
        });
        await Watcher.Get<DatabaseMigrator>().MigrateAsync(default);
        await Watcher.Get<KeywordLearning>().LearnIfEmptyAsync(default);
        foreach (var path in new[] { "/desk-fr.xml", "/wire-en.xml", "/echo-latin1.xml", "/broken.xml", "/down.xml" })
            await Watcher.Get<FeedRegistry>().AddAsync(Feeds.UrlFor(path).AbsoluteUri, null, default);
    }

    [Fact]
    public async Task PollClassifyStoreAndSendEachHitExactlyOnce()
    {
        var poller = Watcher.Get<FeedPoller>();
        var digests = Watcher.Get<DigestDispatcher>();

        // First poll: every readable item is new; only the Mali–Russia stories become hits.
        var first = await poller.PollAsync(force: true, default);
        Assert.Equal(3, first.Fetched);
        Assert.Equal(2, first.Failed);
        Assert.Equal(RelevantTitles.Length + IrrelevantTitles.Length, first.NewItems);
        Assert.Equal(RelevantTitles.OrderBy(t => t, StringComparer.Ordinal), (await HitTitlesAsync()).OrderBy(t => t, StringComparer.Ordinal));
        // Each hit keeps the few words that decided it, as the item wrote them: those the digest highlights.
        await using (var db = await Watcher.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync())
        {
            foreach (var hit in await db.Hits.ToListAsync())
            {
                Assert.InRange(hit.DecisiveTerms.Length, 2, global::Watcher.Relevance.DecisiveTerms.Max);
                Assert.All(hit.DecisiveTerms, word => Assert.Contains(word, hit.Title + "\n" + hit.Summary, StringComparison.Ordinal));
            }
        }

        // The broken feeds are recorded, not silent, and did not stop the others.
        var feeds = await Watcher.Get<FeedRegistry>().ListAsync(default);
        var broken = feeds.Single(f => f.Url.EndsWith("/broken.xml", StringComparison.Ordinal));
        Assert.Equal(1, broken.ConsecutiveFailures);
        Assert.Equal(FeedErrorKinds.Parse, broken.LastErrorKind);
        var down = feeds.Single(f => f.Url.EndsWith("/down.xml", StringComparison.Ordinal));
        Assert.Equal(FeedErrorKinds.Http, down.LastErrorKind);
        Assert.Contains("500", down.LastError, StringComparison.Ordinal);

        // The digest reaches the SMTP server with the relevant items only.
        var sent = await digests.SendPendingAsync(default);
        Assert.Equal(DigestSendStatus.Sent, sent.Status);
        var message = (await _smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)))[0];
        Assert.NotNull(message.TextBody);
        Assert.NotNull(message.HtmlBody);
        foreach (var title in RelevantTitles)
            Assert.Contains(title, message.TextBody, StringComparison.Ordinal);
        foreach (var title in IrrelevantTitles)
            Assert.DoesNotContain(title, message.TextBody, StringComparison.Ordinal);
        Assert.Equal(["desk@example.org", "chef@example.org"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("3", message.Subject, StringComparison.Ordinal);

        // Second poll: conditional GET, nothing new; second digest: nothing to send.
        var second = await poller.PollAsync(force: true, default);
        Assert.Equal(0, second.NewItems);
        Assert.Equal(3, second.NotModified);
        Assert.Equal(RelevantTitles.Length, (await HitTitlesAsync()).Count);
        Assert.Equal(DigestSendStatus.NothingPending, (await digests.SendPendingAsync(default)).Status);
        Assert.Single(_smtp.ReceivedMessages());

        // A new story arrives while the SMTP server is down: it stays pending, then goes out once.
        var updated = (await File.ReadAllTextAsync(TestPaths.TestData("EndToEnd", "desk-fr.xml"))).Replace("<item>",
            """
            <item>
              <title>Des instructeurs russes de l'Africa Corps déployés à Tombouctou</title>
              <link>https://sahel.example/2026/11/africa-corps-tombouctou</link>
              <guid isPermaLink="false">sahel-1004</guid>
              <pubDate>Sun, 22 Nov 2026 06:00:00 +0000</pubDate>
              <description>Les forces armées maliennes (FAMa) accueillent de nouveaux instructeurs militaires russes, a annoncé Bamako.</description>
            </item>
            <item>
            """, StringComparison.Ordinal);
        Feeds.Serve("/desk-fr.xml", System.Text.Encoding.UTF8.GetBytes(updated), "application/rss+xml; charset=utf-8");
        var third = await poller.PollAsync(force: true, default);
        Assert.Equal(1, third.NewItems);
        Assert.Equal(1, third.NewHits);

        _smtp.Stop();
        var failed = await digests.SendPendingAsync(default);
        Assert.Equal(DigestSendStatus.Failed, failed.Status);
        Assert.Equal(1, await PendingCountAsync());

        _smtp.Start();
        Assert.Equal(DigestSendStatus.Sent, (await digests.SendPendingAsync(default)).Status);
        var messages = await _smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, messages.Count);
        var late = messages.Single(m => m.TextBody!.Contains("Tombouctou", StringComparison.Ordinal));
        Assert.Contains("Tombouctou", late.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(RelevantTitles[0], late.TextBody, StringComparison.Ordinal);
        Assert.Equal(0, await PendingCountAsync());
        Assert.Equal(DigestSendStatus.NothingPending, (await digests.SendPendingAsync(default)).Status);
        Assert.Equal(2, _smtp.ReceivedMessages().Count);
    }

    private async Task<List<string>> HitTitlesAsync()
    {
        await using var db = await Watcher.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
        return await db.Hits.Select(h => h.Title).ToListAsync();
    }

    private async Task<int> PendingCountAsync()
    {
        await using var db = await Watcher.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
        return await db.Hits.CountAsync(h => !db.DigestHits.Any(c => c.HitId == h.Id));
    }

    public async Task DisposeAsync()
    {
        _watcherHost?.Dispose();
        _smtp.Dispose();
        if (_feeds is not null)
            await _feeds.DisposeAsync();
    }
}
