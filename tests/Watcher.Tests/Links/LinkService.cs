using System.Net;
using System.Net.Sockets;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;
using Watcher.Data;
using Watcher.Tests.Digest;
using Watcher.Tests.Fixtures;

namespace Watcher.Tests.Links;

/// <summary>
/// The service in this process, built by WatcherHost as `watcher run` builds it: Kestrel on 127.0.0.1 at a
/// free port that is also Http:PublicBaseUrl, real PostgreSQL and SMTP, and the test's clock.
/// </summary>
public sealed class LinkService : IAsyncDisposable
{
    public const string Alice = "alice@example.org";
    public const string Bob = "Bob@Example.org";
    public const string ConfiguredUnsubscribe = "mailto:veille-admin@watcher.example?subject=unsubscribe";

    private readonly IHost _host;

    private LinkService(IHost host, Uri baseUri, ManualClock clock, IReadOnlyDictionary<string, string?> settings)
    {
        _host = host;
        BaseUri = baseUri;
        Clock = clock;
        Settings = settings;
    }

    public Uri BaseUri { get; }

    public ManualClock Clock { get; }

    /// <summary>The configuration it runs with, for CLI processes on the same database.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static async Task<LinkService> StartAsync(string connectionString, SmtpServerFixture smtp, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var baseUri = new Uri($"http://127.0.0.1:{FreePort()}");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Watcher"] = connectionString,
            ["Http:Urls"] = baseUri.AbsoluteUri.TrimEnd('/'),
            ["Http:PublicBaseUrl"] = baseUri.AbsoluteUri,
            ["Smtp:Host"] = smtp.Host,
            ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:From"] = "Veille Mali <veille@watcher.example>",
            ["Digest:Recipients:0"] = Alice,
            ["Digest:Recipients:1"] = Bob,
            ["Digest:ListUnsubscribe"] = ConfiguredUnsubscribe,
            // The test sends; the schedule never does while it runs.
            ["Digest:Cron"] = "0 0 0 1 1 ? 2099",
            ["Polling:Interval"] = "1.00:00:00",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            settings[key] = value;
        // Starts where the real clock is: tokens made by a CLI process (real clock) are judged on the same scale.
        var clock = new ManualClock(TimeProvider.System.GetUtcNow());
        var host = WatcherHost.BuildService(settings, services => services.AddSingleton<TimeProvider>(clock));
        await host.StartAsync();
        return new LinkService(host, baseUri, clock, settings);
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public Task<WatcherDbContext> DbAsync() => Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();

    /// <summary>A browser: its own cookie jar, no redirects followed.</summary>
    public static HttpClient Browser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A feed and hits, found now on the service's clock, with the terms that decided them.</summary>
    public async Task<long[]> AddHitsAsync(params string[] titles)
    {
        await using var db = await DbAsync();
        var feed = await db.Feeds.FirstOrDefaultAsync(f => f.Url == "https://journaldumali.example/rss");
        if (feed is null)
        {
            feed = new Feed { Url = "https://journaldumali.example/rss", Name = "Journal du Mali", CreatedAt = Clock.GetUtcNow() };
            db.Feeds.Add(feed);
            await db.SaveChangesAsync();
        }
        var hits = titles.Select((title, i) => new Hit
        {
            FeedId = feed.Id,
            Title = title,
            Link = $"https://journaldumali.example/{Guid.NewGuid():N}",
            Summary = "Bamako et Moscou renforcent leur coopération militaire.",
            Score = 10 - i,
            MatchedTerms = ["moscou", "bamako", "cooperation"],
            DecisiveTerms = ["Moscou", "Bamako"],
            FoundAt = Clock.GetUtcNow(),
            PublishedAt = Clock.GetUtcNow(),
        }).ToList();
        db.Hits.AddRange(hits);
        await db.SaveChangesAsync();
        return [.. hits.Select(h => h.Id)];
    }

    /// <summary>The message delivered to <paramref name="address"/> (exactly one among <paramref name="messages"/>).</summary>
    public static MimeMessage For(IEnumerable<MimeMessage> messages, string address) =>
        messages.Single(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The hrefs of the HTML part that lead to one of the service's pages (/feedback/, /missed/, /unsubscribe/).</summary>
    public static IReadOnlyList<string> Links(MimeMessage message, string kind) =>
        [.. new HtmlParser().ParseDocument(message.HtmlBody ?? "").QuerySelectorAll("a[href]")
            .Select(a => a.GetAttribute("href")!)
            .Where(href => href.Contains($"/{kind}/", StringComparison.Ordinal))];

    /// <summary>The page's antiforgery field value; null when the page has no form.</summary>
    public static string? AntiforgeryToken(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelector("input[name=__watcher_antiforgery]")?.GetAttribute("value");

    public static string? PageKind(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelector("main#page")?.GetAttribute("data-page");

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
