using System.Text;
using Watcher.Labels;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Labels;

/// <summary>Reading an article's title and description from its page, over real HTTP, with the poller's limits.</summary>
public sealed class PageFetcherTests : IAsyncLifetime
{
    private const string UserAgent = "WatcherTest/2.0 (+labels)";
    private FeedServer _server = null!;
    private WatcherTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        // No database is touched: fetching a page needs only the polling settings.
        _host = new WatcherTestHost("Host=127.0.0.1;Database=unused", new Dictionary<string, string?>
        {
            ["Polling:MaxBodyBytes"] = "1048576",
            ["Polling:UserAgent"] = UserAgent,
        });
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }

    private Task<PageFetch> FetchAsync(string path) => _host.Get<PageFetcher>().FetchAsync(_server.UrlFor(path).AbsoluteUri, default);

    private void Html(string path, string html, string contentType = "text/html; charset=utf-8") =>
        _server.Serve(path, Encoding.UTF8.GetBytes(html), contentType);

    [Fact]
    public async Task Open_Graph_tags_come_first()
    {
        Html("/article", """
            <!doctype html><html><head>
            <title>Moscou et Bamako | Le Journal</title>
            <meta property="og:title" content="  Moscou et Bamako signent   un accord ">
            <meta name="twitter:title" content="Twitter title">
            <meta name="description" content="Meta description">
            <meta property="og:description" content="Le Mali et la Russie renforcent leur coopération &amp; leurs échanges.">
            </head><body><h1>Heading</h1><p>First paragraph of the article, long enough to be a lead.</p></body></html>
            """);

        var page = await FetchAsync("/article");

        Assert.Null(page.Error);
        Assert.Equal(new PageSummary("Moscou et Bamako signent un accord", "Le Mali et la Russie renforcent leur coopération & leurs échanges."), page.Summary);
        Assert.Equal(UserAgent, Assert.Single(_server.RequestsFor("/article")).UserAgent);
    }

    [Fact]
    public async Task Without_tags_the_title_element_and_the_first_real_paragraph()
    {
        Html("/plain", """
            <html><head><title>Wagner quitte le Mali</title><script>var p = "<p>not this</p>";</script></head>
            <body><nav><p>Menu</p></nav><p>Par AFP</p>
            <p>Le groupe paramilitaire russe annonce son départ du Mali après trois ans et demi de présence.</p></body></html>
            """);
        Html("/twitter", """<html><head><meta name="twitter:title" content="Titre Twitter"><meta name="twitter:description" content="Résumé Twitter"></head><body></body></html>""");

        Assert.Equal(
            new PageSummary("Wagner quitte le Mali", "Le groupe paramilitaire russe annonce son départ du Mali après trois ans et demi de présence."),
            (await FetchAsync("/plain")).Summary);
        Assert.Equal(new PageSummary("Titre Twitter", "Résumé Twitter"), (await FetchAsync("/twitter")).Summary);
    }

    [Fact]
    public async Task The_charset_comes_from_the_header_or_the_pages_meta_tag()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        _server.Serve("/latin", Encoding.GetEncoding("windows-1252").GetBytes(
            """<html><head><meta charset="windows-1252"><title>Délégation malienne à Moscou</title></head><body></body></html>"""), "text/html");
        _server.Serve("/cyrillic", Encoding.GetEncoding("windows-1251").GetBytes(
            "<html><head><title>Москва и Бамако</title></head><body></body></html>"), "text/html; charset=windows-1251");

        Assert.Equal("Délégation malienne à Moscou", (await FetchAsync("/latin")).Summary?.Title);
        Assert.Equal("Москва и Бамако", (await FetchAsync("/cyrillic")).Summary?.Title);
    }

    [Fact]
    public async Task Redirects_are_followed_to_http_pages_only()
    {
        Html("/final", "<html><head><title>Arrivée</title></head></html>");
        _server.Respond("/moved", FeedServerResponses.Redirect("/final", 302));
        _server.Respond("/to-ftp", FeedServerResponses.Redirect("ftp://127.0.0.1/file", 302));

        Assert.Equal("Arrivée", (await FetchAsync("/moved")).Summary?.Title);
        var ftp = await FetchAsync("/to-ftp");
        Assert.Null(ftp.Summary);
        Assert.Contains("redirect to a non-http(s) URL", ftp.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_page_a_non_HTML_body_a_huge_one_or_an_empty_one_say_why_in_one_line()
    {
        _server.Serve("/report.pdf", [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37], "application/pdf");
        _server.Respond("/huge", FeedServerResponses.Huge(3 * 1024 * 1024, "text/html"));
        Html("/empty", "<html><head></head><body><div></div></body></html>");

        var cases = new Dictionary<string, string>
        {
            ["/missing"] = "HTTP 404",
            ["/report.pdf"] = "not an HTML page (application/pdf)",
            ["/huge"] = "body larger than",
            ["/empty"] = "the page has no title and no description",
        };
        foreach (var (path, expected) in cases)
        {
            var page = await FetchAsync(path);
            Assert.Null(page.Summary);
            Assert.Contains(expected, page.Error, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', page.Error!);
        }
        Assert.Contains("not an http or https URL", (await _host.Get<PageFetcher>().FetchAsync("file:///etc/passwd", default)).Error, StringComparison.Ordinal);
    }
}
