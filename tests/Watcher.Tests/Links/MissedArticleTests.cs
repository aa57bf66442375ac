using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Labels;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Links;

/// <summary>« Signaler un article manqué »: the form from a delivered digest, the page read over real HTTP, the label stored.</summary>
[Collection(PostgresWebCollection.Name)]
public sealed class MissedArticleTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);
    private readonly SmtpServerFixture _smtp = new();
    private FeedServer _pages = null!;

    public async Task InitializeAsync()
    {
        _pages = await FeedServer.StartAsync();
        _pages.Serve("/mali-russie", Encoding.UTF8.GetBytes("""
            <!doctype html><html lang="fr"><head>
            <meta property="og:title" content="Tatarstan : une délégation malienne à Kazan">
            <meta property="og:description" content="Le ministre malien des Mines a rencontré les dirigeants du Tatarstan.">
            </head><body><p>…</p></body></html>
            """), "text/html; charset=utf-8");
    }

    public async Task DisposeAsync()
    {
        await _pages.DisposeAsync();
        _smtp.Dispose();
    }

    [Fact]
    public async Task A_reported_page_is_read_and_stored_as_a_relevant_label()
    {
        // The article server is on 127.0.0.1, so this service allows private addresses.
        await using var service = await LinkService.StartAsync(await postgres.CreateDatabaseAsync(), _smtp,
            new Dictionary<string, string?> { ["Feedback:AllowPrivateAddresses"] = "true", ["Digest:Language"] = "en" });
        var stored = await service.AddHitsAsync("Moscou et Bamako signent un accord");
        await service.Get<DigestDispatcher>().SendPendingAsync(default);
        var link = Assert.Single(LinkService.Links(LinkService.For(await _smtp.WaitForMessagesAsync(2, MailWait), LinkService.Alice), "missed"));
        using var browser = LinkService.Browser();

        using var page = await browser.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal((HttpStatusCode.OK, "missed"), (page.StatusCode, LinkService.PageKind(html)));
        Assert.Contains("lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"url\">Article address</label>", html, StringComparison.Ordinal);
        var token = LinkService.AntiforgeryToken(html)!;

        // Not an http(s) address: the form again, with what was typed, and nothing stored.
        using (var ftp = await browser.PostAsync(link, LinkService.Form(("__watcher_antiforgery", token), ("url", "ftp://files.example/a"), ("note", "vu à la radio"))))
        {
            var again = await ftp.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.UnprocessableEntity, ftp.StatusCode);
            Assert.Contains("https://", again, StringComparison.Ordinal);
            Assert.Contains("vu à la radio", again, StringComparison.Ordinal);
        }
        // Without the antiforgery field: refused before anything is fetched.
        using (var bare = await browser.PostAsync(link, LinkService.Form(("url", _pages.UrlFor("/mali-russie").AbsoluteUri))))
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Empty(_pages.RequestsFor("/mali-russie"));
        Assert.Equal(0, await CountAsync(service));

        using var posted = await browser.PostAsync(link, LinkService.Form(
            ("__watcher_antiforgery", token), ("url", _pages.UrlFor("/mali-russie").AbsoluteUri), ("note", "Missed by the keywords")));
        Assert.Equal((HttpStatusCode.OK, "missed-done"), (posted.StatusCode, LinkService.PageKind(await posted.Content.ReadAsStringAsync())));
        Assert.Single(_pages.RequestsFor("/mali-russie"));

        // An article Watcher holds is labelled from what it stored: nothing is fetched (its host does not even exist).
        await using (var db = await service.DbAsync())
        {
            var hitLink = (await db.Hits.SingleAsync(h => h.Id == stored[0])).Link!;
            using var known = await browser.PostAsync(link, LinkService.Form(("__watcher_antiforgery", token), ("url", hitLink)));
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        }

        await using var check = await service.DbAsync();
        var labels = await check.Feedback.OrderBy(f => f.Id).ToListAsync();
        Assert.Equal(2, labels.Count);
        Assert.All(labels, l => Assert.Equal((FeedbackLabels.Relevant, FeedbackSources.MissedReport, LinkService.Alice, DigestKinds.DefaultList),
            (l.Label, l.Source, l.Recipient, l.ListName)));
        Assert.Equal(("Tatarstan : une délégation malienne à Kazan", "Le ministre malien des Mines a rencontré les dirigeants du Tatarstan.", "Missed by the keywords"),
            (labels[0].Title, labels[0].Text, labels[0].Note));
        Assert.Equal(stored[0], labels[1].HitId);
    }

    [Fact]
    public async Task A_reported_page_on_a_private_address_is_not_fetched_and_the_editor_is_told()
    {
        await using var service = await LinkService.StartAsync(await postgres.CreateDatabaseAsync(), _smtp);
        await service.AddHitsAsync("Moscou et Bamako signent un accord");
        await service.Get<DigestDispatcher>().SendPendingAsync(default);
        var link = Assert.Single(LinkService.Links(LinkService.For(await _smtp.WaitForMessagesAsync(2, MailWait), LinkService.Bob), "missed"));
        using var browser = LinkService.Browser();
        var token = LinkService.AntiforgeryToken(await (await browser.GetAsync(link)).Content.ReadAsStringAsync())!;

        using var posted = await browser.PostAsync(link, LinkService.Form(("__watcher_antiforgery", token), ("url", _pages.UrlFor("/mali-russie").AbsoluteUri)));

        var html = await posted.Content.ReadAsStringAsync();
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "missed"), (posted.StatusCode, LinkService.PageKind(html)));
        Assert.Contains("not a public address", html, StringComparison.Ordinal);
        Assert.Contains(_pages.UrlFor("/mali-russie").AbsoluteUri, html, StringComparison.Ordinal);
        Assert.Empty(_pages.Requests);
        Assert.Equal(0, await CountAsync(service));
    }

    [Fact]
    public async Task The_guard_refuses_loopback_and_private_addresses_by_number_or_by_name()
    {
        // A reader without a database: only Polling:* and Feedback:* matter.
        using var host = new WatcherTestHost("Host=127.0.0.1;Database=unused");
        var reader = host.Get<MissedArticleReader>();

        var direct = await reader.FetchAsync(_pages.UrlFor("/mali-russie").AbsoluteUri, default);
        var named = await reader.FetchAsync($"http://localhost:{_pages.BaseUri.Port}/mali-russie", default);

        Assert.Contains("not a public address", direct.Error, StringComparison.Ordinal);
        Assert.Contains("not a public address", named.Error, StringComparison.Ordinal);
        Assert.Empty(_pages.Requests);
        foreach (var address in new[] { "127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "224.0.0.1" })
            Assert.False(PublicAddresses.IsPublic(IPAddress.Parse(address)), address);
        foreach (var address in new[] { "1.1.1.1", "93.184.216.34", "172.32.0.1", "2606:4700::1111" })
            Assert.True(PublicAddresses.IsPublic(IPAddress.Parse(address)), address);
    }

    private static async Task<int> CountAsync(LinkService service)
    {
        await using var db = await service.DbAsync();
        return await db.Feedback.CountAsync();
    }
}
