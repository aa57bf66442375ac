using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Digest;

/// <summary>
/// The dispatcher on real parts: hits in PostgreSQL, digests received by aiosmtpd and read back as
/// MIME. The clock is the test's, so back-off and day boundaries are exact and need no waiting.
/// </summary>
[Collection(PostgresWebCollection.Name)]
public sealed partial class DigestDeliveryTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(20);

    // 23:30 UTC on 21 Nov: still the 21st in Bamako (UTC+0), already the 22nd in Paris (UTC+1).
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 23, 30, 0, TimeSpan.Zero));
    private readonly RecordingLogger<DigestDispatcher> _log = new();
    private readonly SmtpServerFixture _smtp = new();
    private WatcherTestHost? _host;
    private string _connectionString = "";
    private long _feedA;
    private long _feedB;
    private long _feedC;

    public async Task InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync();
        _host = new WatcherTestHost(_connectionString);
        await _host.Get<DatabaseMigrator>().MigrateAsync(default);
        await using var db = await Db();
        var now = _clock.GetUtcNow();
        var feeds = new[]
        {
            new Feed { Url = "https://journaldumali.example/rss", Name = "Journal du Mali", CreatedAt = now, LastNewItemAt = now },
            new Feed { Url = "https://studiotamani.example/feed", Name = "Studio Tamani", CreatedAt = now, LastNewItemAt = now },
            new Feed { Url = "https://wire.example/atom", Name = "Wire & <b>Co</b>", CreatedAt = now, LastNewItemAt = now },
        };
        db.Feeds.AddRange(feeds);
        await db.SaveChangesAsync();
        (_feedA, _feedB, _feedC) = (feeds[0].Id, feeds[1].Id, feeds[2].Id);
    }

    private Task<WatcherDbContext> Db() => _host!.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();

    private static DigestOptions Options(params DigestListOptions[] lists) => new()
    {
        Recipients = ["desk@example.org"],
        ListUnsubscribe = "mailto:veille-unsubscribe@watcher.example?subject=unsubscribe",
        Lists = [.. lists],
    };

    private DigestDispatcher Dispatcher(DigestOptions options, ILogger<DigestDispatcher>? logger = null, SmtpSettings? smtp = null) => new(
        _host!.Get<IDbContextFactory<WatcherDbContext>>(),
        new DigestTransportFactory(
            Microsoft.Extensions.Options.Options.Create(smtp ?? SmtpTo(_smtp)),
            Microsoft.Extensions.Options.Options.Create(options)),
        _host!.Get<Watcher.Links.DigestLinkFactory>(),
        Microsoft.Extensions.Options.Options.Create(options),
        _clock,
        _host!.Get<Watcher.Telemetry.WatcherMetrics>(),
        logger ?? _log);

    private static SmtpSettings SmtpTo(SmtpServerFixture server) => new()
    {
        Host = server.Host, Port = server.Port, From = "Veille Mali <veille@watcher.example>", Timeout = TimeSpan.FromSeconds(20),
    };

    private async Task<long> AddHitAsync(long feedId, string title, string? link, string summary, double score,
        DateTimeOffset? published = null, params string[] terms)
    {
        await using var db = await Db();
        var hit = new Hit
        {
            FeedId = feedId, Title = title, Link = link, Summary = summary, Score = score,
            PublishedAt = published ?? _clock.GetUtcNow().AddMinutes(-30),
            FoundAt = _clock.GetUtcNow().AddMinutes(-10),
            MatchedTerms = terms.Length > 0 ? terms : ["Moscou"],
        };
        db.Hits.Add(hit);
        await db.SaveChangesAsync();
        return hit.Id;
    }

    private async Task<IReadOnlyList<MimeMessage>> ReceivedAsync(int count)
    {
        var received = await _smtp.WaitForMessagesAsync(count, MailWait);
        Assert.Equal(count, received.Count);
        return received;
    }

    [Fact]
    public async Task Digest_is_multipart_alternative_with_the_headers_mail_clients_expect()
    {
        await AddHitAsync(_feedA, "Bamako et Moscou signent un accord de défense", "https://journaldumali.example/accord", "Le texte prévoit la formation d'officiers maliens à Moscou.", 3, terms: ["Moscou"]);
        var dispatcher = Dispatcher(Options());

        var result = await dispatcher.SendPendingAsync(default);

        Assert.Equal(DigestSendStatus.Sent, result.Status);
        var mail = Assert.Single(await ReceivedAsync(1));
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(c => c.ContentType.MimeType));
        Assert.All(mail.BodyParts.OfType<TextPart>(), l => Assert.Equal("utf-8", l.ContentType.Charset, ignoreCase: true));
        Assert.Equal("Mali–Russie — 1 article — 21 nov. 2026", mail.Subject);
        Assert.Equal(["<mailto:veille-unsubscribe@watcher.example?subject=unsubscribe>"], mail.HeaderValues("List-Unsubscribe"));
        Assert.Equal(["auto-generated"], mail.HeaderValues("Auto-Submitted"));
        var date = Assert.Single(mail.HeaderValues("Date"));
        Assert.True(DateHeader().IsMatch(date), date);
        // The Date is the dispatcher's clock, not the machine's.
        Assert.Equal(_clock.GetUtcNow(), mail.Date);
        var messageId = Assert.Single(mail.HeaderValues("Message-ID"));
        Assert.Matches("^<digest\\.desk\\.[0-9a-f]{32}@watcher\\.example>$", messageId);

        // The run recorded that Message-ID (before sending) and the exact content.
        var run = Assert.Single(await dispatcher.HistoryAsync(null, 10, default));
        Assert.Equal((messageId, DigestStatuses.Sent, DigestKinds.Digest, "desk", 1), (run.MessageId, run.Status, run.Kind, run.ListName, run.HitCount));
        Assert.Equal(mail.Subject, run.Subject);
    }

    [Fact]
    public async Task Hostile_feed_content_arrives_escaped_and_only_web_links_are_clickable()
    {
        await AddHitAsync(_feedC, "<script>alert('x')</script> Moscou et Bamako", "javascript:alert(1)",
            "<img src=x onerror=alert(2)> accord <b>russe</b>", 2, terms: ["Moscou"]);
        await AddHitAsync(_feedA, "Accord \" onmouseover=\"alert(3)", "https://journaldumali.example/a?x=\"><script>", "Texte.", 1);

        await Dispatcher(Options()).SendPendingAsync(default);

        var mail = Assert.Single(await ReceivedAsync(1));
        var document = new HtmlParser().ParseDocument(mail.HtmlBody!);
        Assert.Empty(document.QuerySelectorAll("script, img, b, iframe, object"));
        Assert.DoesNotContain(document.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        var hrefs = document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.All(hrefs, h => Assert.StartsWith("https://", h, StringComparison.Ordinal));
        Assert.Single(hrefs);
        var text = document.Body!.TextContent;
        Assert.Contains("<script>alert('x')</script> Moscou et Bamako", text, StringComparison.Ordinal);
        Assert.Contains("Wire & <b>Co</b>", text, StringComparison.Ordinal);
        Assert.Contains("javascript:alert(1)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_story_from_several_outlets_is_one_entry_first_publisher_first()
    {
        var t0 = _clock.GetUtcNow().AddHours(-3);
        // Same article: the link differs only by scheme, "www.", a trailing slash and a tracking parameter.
        await AddHitAsync(_feedB, "Le Mali reçoit des hélicoptères russes", "http://www.sahel.example/helicos/?utm_source=rss", "Deux Mi-171 livrés à Bamako.", 2, t0.AddMinutes(40));
        await AddHitAsync(_feedA, "Le Mali reçoit des hélicoptères russes", "https://sahel.example/helicos", "Deux Mi-171 livrés à Bamako.", 2, t0);
        // Same wire copy under another link: near-identical title and summary.
        await AddHitAsync(_feedC, "Livraison d'hélicoptères russes : le Mali reçoit deux Mi-171", "https://wire.example/1", "Deux hélicoptères Mi-171 ont été livrés à Bamako par la Russie, selon l'armée.", 1, t0);
        await AddHitAsync(_feedA, "Livraison d'hélicoptères russes : le Mali reçoit deux Mi-171", "https://journaldumali.example/2", "Deux hélicoptères Mi-171 ont été livrés à Bamako par la Russie, selon l'armée malienne.", 1, t0.AddHours(1));
        // A different story.
        await AddHitAsync(_feedB, "Moscou forme des magistrats maliens", "https://studiotamani.example/3", "Une session de formation juridique.", 5, t0);

        await Dispatcher(Options()).SendPendingAsync(default);

        var mail = Assert.Single(await ReceivedAsync(1));
        Assert.Equal("Mali–Russie — 3 articles — 21 nov. 2026", mail.Subject);
        var text = mail.TextBody!;
        // Relevance first (5, then 2, then 1).
        var order = new[] { "1. Moscou forme des magistrats", "2. Le Mali reçoit des hélicoptères russes", "3. Livraison d'hélicoptères russes" }
            .Select(t => text.IndexOf(t, StringComparison.Ordinal)).ToList();
        Assert.All(order, p => Assert.True(p >= 0, text));
        Assert.Equal(order.Order(), order);
        // First publisher leads, the other outlet is listed with its own link.
        var helicos = text[order[1]..order[2]];
        Assert.Contains("Journal du Mali · 21 nov. 2026 à 20:30", helicos, StringComparison.Ordinal);
        Assert.Contains("- Studio Tamani · 21:10 · http://www.sahel.example/helicos/?utm_source=rss", helicos, StringComparison.Ordinal);
        var wire = text[order[2]..];
        Assert.Contains("Wire & <b>Co</b> · 21 nov. 2026 à 20:30", wire, StringComparison.Ordinal);
        Assert.Contains("- Journal du Mali · 21:30", wire, StringComparison.Ordinal);
        Assert.Equal(5, (await Dispatcher(Options()).HistoryAsync(null, 1, default))[0].HitCount);
    }

    [Fact]
    public async Task Two_lists_each_get_every_hit_once_in_their_own_time_zone_and_language()
    {
        await AddHitAsync(_feedA, "Bamako et Moscou signent un accord", "https://journaldumali.example/x", "Accord signé.", 2,
            new DateTimeOffset(2026, 11, 21, 23, 15, 0, TimeSpan.Zero));
        var options = Options(
            new DigestListOptions { Name = "bamako", Recipients = ["bamako@example.org"], TimeZone = "Africa/Bamako" },
            new DigestListOptions { Name = "paris", Recipients = ["paris@example.org"], TimeZone = "Europe/Paris", Language = "en" });
        var dispatcher = Dispatcher(options);

        Assert.Equal(DigestSendStatus.Sent, (await dispatcher.SendPendingAsync("bamako", default)).Status);
        Assert.Equal(DigestSendStatus.Sent, (await dispatcher.SendPendingAsync("paris", default)).Status);
        Assert.Equal(DigestSendStatus.NothingPending, (await dispatcher.SendPendingAsync("bamako", default)).Status);
        Assert.Equal(DigestSendStatus.NothingPending, (await dispatcher.SendPendingAsync("paris", default)).Status);

        var mails = await ReceivedAsync(2);
        var bamako = mails.Single(m => m.Header("To")!.Contains("bamako@", StringComparison.Ordinal));
        var paris = mails.Single(m => m.Header("To")!.Contains("paris@", StringComparison.Ordinal));
        Assert.Equal("Mali–Russie — 1 article — 21 nov. 2026", bamako.Subject);
        Assert.Contains("21 nov. 2026 à 23:15", bamako.TextBody, StringComparison.Ordinal);
        Assert.Equal("Mali–Russia — 1 article — 22 Nov 2026", paris.Subject);
        Assert.Contains("22 Nov 2026, 00:15", paris.TextBody, StringComparison.Ordinal);
        Assert.Contains("Times shown for Paris", paris.TextBody, StringComparison.Ordinal);
        Assert.Contains("<bamako.watcher.watcher.example>", bamako.Header("List-Id"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_day_sends_one_line_or_nothing_as_configured()
    {
        var quiet = Dispatcher(Options(new DigestListOptions { Name = "quiet" }, new DigestListOptions { Name = "chatty", SendWhenEmpty = true }));

        var none = await quiet.SendPendingAsync("quiet", default);
        var empty = await quiet.SendPendingAsync("chatty", default);

        Assert.Equal(DigestSendStatus.NothingPending, none.Status);
        Assert.Equal((DigestSendStatus.Sent, DigestKinds.Empty, 0), (empty.Status, empty.Kind, empty.HitCount));
        var mail = Assert.Single(await ReceivedAsync(1));
        Assert.Equal("Mali–Russie — rien de nouveau — 21 nov. 2026", mail.Subject);
        Assert.Equal("Rien de nouveau depuis le dernier envoi.", mail.TextBody!.Split('\n')[2].TrimEnd('\r'));
        Assert.Equal([DigestKinds.Empty], (await quiet.HistoryAsync(null, 10, default)).Select(h => h.Kind));
    }

    [Fact]
    public async Task Outage_keeps_hits_pending_and_retries_back_off_until_delivered()
    {
        await AddHitAsync(_feedA, "Un accord Mali–Russie sur l'or", "https://journaldumali.example/or", "Accord minier.", 2);
        var options = Options();
        options.RetryDelays = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];
        var dispatcher = Dispatcher(options);

        _smtp.Stop();
        Assert.Equal(DigestSendStatus.Failed, (await dispatcher.SendPendingAsync(default)).Status);
        // Not due yet: nothing is tried before the first delay.
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await dispatcher.RetryFailedAsync(default));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([DigestSendStatus.Failed], (await dispatcher.RetryFailedAsync(default)).Select(r => r.Status));
        // The second delay (15 min) now applies, and then repeats.
        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Empty(await dispatcher.RetryFailedAsync(default));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([DigestSendStatus.Failed], (await dispatcher.RetryFailedAsync(default)).Select(r => r.Status));
        Assert.DoesNotContain(_log.Records, r => r.Level == LogLevel.Error);

        // A whole day without delivery raises an error in the log.
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal([DigestSendStatus.Failed], (await dispatcher.RetryFailedAsync(default)).Select(r => r.Status));
        var error = Assert.Single(_log.Records, r => r.Level == LogLevel.Error);
        Assert.Equal(312, error.EventId);
        Assert.Contains("desk", error.Message, StringComparison.Ordinal);

        _smtp.Start();
        _clock.Advance(TimeSpan.FromMinutes(15));
        var sent = Assert.Single(await dispatcher.RetryFailedAsync(default));
        Assert.Equal((DigestSendStatus.Sent, 1), (sent.Status, sent.HitCount));
        Assert.Empty(await dispatcher.RetryFailedAsync(default));
        Assert.Equal(DigestSendStatus.NothingPending, (await dispatcher.SendPendingAsync(default)).Status);
        var mail = Assert.Single(await ReceivedAsync(1));
        Assert.Contains("Un accord Mali–Russie sur l'or", mail.TextBody, StringComparison.Ordinal);
        var history = await dispatcher.HistoryAsync(null, 10, default);
        Assert.Equal([DigestStatuses.Sent, .. Enumerable.Repeat(DigestStatuses.Failed, 4)], history.Select(h => h.Status));
    }

    [Fact]
    public async Task High_scores_are_alerted_at_once_once_and_still_go_in_the_digest()
    {
        await AddHitAsync(_feedA, "Accord nucléaire civil signé entre Bamako et Moscou", "https://journaldumali.example/nucleaire", "Rosatom construira une centrale.", 9);
        await AddHitAsync(_feedB, "Bourses russes pour étudiants maliens", "https://studiotamani.example/bourses", "Cent bourses.", 2);
        var dispatcher = Dispatcher(Options(new DigestListOptions { Name = "desk", AlertScore = 5 }, new DigestListOptions { Name = "quiet" }));

        var alerts = await dispatcher.SendDueAlertsAsync(default);
        Assert.Empty(await dispatcher.SendDueAlertsAsync(default));

        var alert = Assert.Single(alerts);
        Assert.Equal((DigestSendStatus.Sent, DigestKinds.Alert, 1, "desk"), (alert.Status, alert.Kind, alert.HitCount, alert.ListName));
        var alertMail = Assert.Single(await ReceivedAsync(1));
        Assert.StartsWith("Alerte Mali–Russie — 1 article — 21 nov. 2026 à 23:30", alertMail.Subject, StringComparison.Ordinal);
        Assert.Contains("Accord nucléaire civil", alertMail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Bourses russes", alertMail.TextBody, StringComparison.Ordinal);

        // The daily digest is the day's full record: the alerted hit is in it too.
        await dispatcher.SendPendingAsync("desk", default);
        var digest = (await ReceivedAsync(2)).Single(m => m.Header("Message-ID")!.StartsWith("<digest.", StringComparison.Ordinal));
        Assert.Contains("Accord nucléaire civil", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("Bourses russes", digest.TextBody, StringComparison.Ordinal);

        // Once a list's digest carried a hit, it is no longer alerted.
        await AddHitAsync(_feedA, "Moscou annonce une visite de Goïta", "https://journaldumali.example/visite", "Visite officielle.", 8);
        await dispatcher.SendPendingAsync("desk", default);
        Assert.Empty(await dispatcher.SendDueAlertsAsync(default));
        Assert.Equal(3, (await ReceivedAsync(3)).Count);
    }

    [Fact]
    public async Task Failed_alert_is_retried_after_its_delay_and_sent_once()
    {
        await AddHitAsync(_feedA, "Accord nucléaire civil signé entre Bamako et Moscou", "https://journaldumali.example/nucleaire", "Rosatom construira une centrale.", 9);
        var options = Options(new DigestListOptions { Name = "desk", AlertScore = 5 });
        options.RetryDelays = [TimeSpan.FromMinutes(5)];
        var dispatcher = Dispatcher(options);

        _smtp.Stop();
        Assert.Equal([DigestSendStatus.Failed], (await dispatcher.SendDueAlertsAsync(default)).Select(r => r.Status));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await dispatcher.SendDueAlertsAsync(default));
        _smtp.Start();
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal([DigestSendStatus.Sent], (await dispatcher.SendDueAlertsAsync(default)).Select(r => r.Status));
        Assert.Empty(await dispatcher.SendDueAlertsAsync(default));

        var mail = Assert.Single(await ReceivedAsync(1));
        Assert.StartsWith("<alert.desk.", mail.Header("Message-ID"), StringComparison.Ordinal);
        // A failed alert does not hold back the daily digest.
        Assert.Empty(await dispatcher.RetryFailedAsync(default));
        Assert.Equal(DigestSendStatus.Sent, (await dispatcher.SendPendingAsync(default)).Status);
    }

    [Fact]
    public async Task Admin_footer_names_failing_and_silent_feeds()
    {
        await using (var db = await Db())
        {
            var failing = await db.Feeds.SingleAsync(f => f.Id == _feedB);
            failing.FailingSince = _clock.GetUtcNow().AddHours(-5);
            failing.LastError = "HTTP 503 Service Unavailable";
            var silent = await db.Feeds.SingleAsync(f => f.Id == _feedC);
            silent.LastNewItemAt = _clock.GetUtcNow().AddDays(-4);
            await db.SaveChangesAsync();
        }
        await AddHitAsync(_feedA, "Moscou et Bamako", "https://journaldumali.example/f", "Texte.", 1);

        await Dispatcher(Options()).SendPendingAsync(default);

        var text = Assert.Single(await ReceivedAsync(1)).TextBody!.ReplaceLineEndings("\n");
        // Long lines are wrapped with an indent; read them joined.
        var footer = text[text.IndexOf("\n-- \n", StringComparison.Ordinal)..].Replace("\n   ", " ", StringComparison.Ordinal);
        Assert.Contains("- Studio Tamani — en échec depuis le 21 nov. 2026 à 18:30 (HTTP 503 Service Unavailable)", footer, StringComparison.Ordinal);
        Assert.Contains("- Wire & <b>Co</b> — aucun nouvel article depuis le 17 nov. 2026 à 23:30", footer, StringComparison.Ordinal);
        Assert.DoesNotContain("Journal du Mali", footer, StringComparison.Ordinal);
    }

    // RFC 5322 date-time; the day of the week is optional.
    [GeneratedRegex(@"^((Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")]
    private static partial Regex DateHeader();

    public Task DisposeAsync()
    {
        _host?.Dispose();
        _smtp.Dispose();
        return Task.CompletedTask;
    }
}
