using System.Net;
using Microsoft.EntityFrameworkCore;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Tests.Cli;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Links;

/// <summary>
/// The digest's links end to end: a digest delivered to a real SMTP server, its links taken from the
/// delivered message and followed on the service's own Kestrel, the records read from PostgreSQL.
/// </summary>
[Collection(PostgresWebCollection.Name)]
public sealed class DigestLinkTests(PostgresServer postgres) : LinkServiceTest(postgres)
{
    [Fact]
    public async Task Each_recipient_gets_a_message_of_their_own_with_signed_links_and_one_click_unsubscribe()
    {
        var hits = await Service.AddHitsAsync("Moscou et Bamako signent un accord", "L'Africa Corps à Kidal");

        var result = await Service.Get<DigestDispatcher>().SendPendingAsync(default);

        Assert.Equal((DigestSendStatus.Sent, 2), (result.Status, result.HitCount));
        var messages = await Smtp.WaitForMessagesAsync(2, MailWait);
        Assert.Equal(2, messages.Count);
        var alice = LinkService.For(messages, LinkService.Alice);
        var bob = LinkService.For(messages, LinkService.Bob);
        Assert.Equal([LinkService.Alice], alice.EnvelopeRecipients());
        var run = Assert.Single(await Service.Get<DigestDispatcher>().HistoryAsync(null, 10, default));
        // One run, one Message-ID base; each recipient's message has its own, derived from it.
        Assert.Equal(run.MessageId.Replace("@", ".1@", StringComparison.Ordinal), $"<{alice.MessageId}>");
        Assert.Equal(run.MessageId.Replace("@", ".2@", StringComparison.Ordinal), $"<{bob.MessageId}>");
        Assert.Equal(alice.Subject, bob.Subject);

        var aliceFeedback = LinkService.Links(alice, "feedback");
        Assert.Equal(2, aliceFeedback.Count);
        Assert.All(aliceFeedback, link => Assert.StartsWith(Service.BaseUri + "feedback/", link, StringComparison.Ordinal));
        Assert.Single(LinkService.Links(alice, "missed"));
        var aliceUnsubscribe = Assert.Single(LinkService.Links(alice, "unsubscribe"));
        // The text part carries the same links, whole.
        Assert.All(aliceFeedback, link => Assert.Contains(link, alice.TextBody, StringComparison.Ordinal));
        Assert.Contains("Pas pertinent", alice.TextBody, StringComparison.Ordinal);
        // Bound to the recipient: nobody's link is anybody else's.
        Assert.Empty(LinkService.Links(bob, "feedback").Intersect(aliceFeedback));
        Assert.NotEqual(aliceUnsubscribe, Assert.Single(LinkService.Links(bob, "unsubscribe")));

        // RFC 8058: the recipient's own https link first, then the configured mailto:.
        Assert.Equal($"<{aliceUnsubscribe}>, <{LinkService.ConfiguredUnsubscribe}>", alice.Header("List-Unsubscribe"));
        Assert.Equal("List-Unsubscribe=One-Click", alice.Header("List-Unsubscribe-Post"));
        // What the run recorded holds placeholders, not anybody's token.
        await using var db = await Service.DbAsync();
        var recorded = await db.Digests.SingleAsync();
        Assert.NotNull(recorded.LinkSlot);
        Assert.DoesNotContain(Service.BaseUri.AbsoluteUri, recorded.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(hits.Length, await db.DigestHits.CountAsync());
    }

    [Fact]
    public async Task A_feedback_link_shows_a_page_on_get_and_records_only_on_a_genuine_post()
    {
        var hits = await Service.AddHitsAsync("Moscou et Bamako signent un accord ferroviaire");
        await Service.Get<DigestDispatcher>().SendPendingAsync(default);
        var link = Assert.Single(LinkService.Links(LinkService.For(await Smtp.WaitForMessagesAsync(2, MailWait), LinkService.Alice), "feedback"));
        using var browser = LinkService.Browser();

        // GET (what a mail scanner does): a page with one button, nothing recorded.
        using var page = await browser.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("feedback", LinkService.PageKind(html));
        Assert.Contains("Moscou et Bamako signent un accord ferroviaire", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"fr\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        var csp = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", string.Join("", page.Headers.GetValues("Referrer-Policy")));
        var token = LinkService.AntiforgeryToken(html);
        Assert.NotNull(token);
        Assert.Equal(0, await FeedbackCountAsync());
        // The style sheet the page names is served, from the same origin.
        using var css = await browser.GetAsync(new Uri(new Uri(link), "../pages.css"));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);

        // A POST without the antiforgery field, or with it but from another browser (no cookie): 400, nothing recorded.
        using (var bare = await browser.PostAsync(link, LinkService.Form(("confirm", ""))))
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        using (var stranger = LinkService.Browser())
        using (var forged = await stranger.PostAsync(link, LinkService.Form(("__watcher_antiforgery", token!))))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await FeedbackCountAsync());

        // The genuine form: recorded once, as `watcher feedback add` would.
        using var posted = await browser.PostAsync(link, LinkService.Form(("__watcher_antiforgery", token!)));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("feedback-done", LinkService.PageKind(await posted.Content.ReadAsStringAsync()));
        using (var again = await browser.PostAsync(link, LinkService.Form(("__watcher_antiforgery", token!))))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await using var db = await Service.DbAsync();
        var label = await db.Feedback.SingleAsync();
        Assert.Equal((FeedbackLabels.Irrelevant, FeedbackSources.DigestLink, LinkService.Alice, DigestKinds.DefaultList, hits[0]),
            (label.Label, label.Source, label.Recipient, label.ListName, label.HitId!.Value));
        Assert.Equal("Moscou et Bamako signent un accord ferroviaire", label.Title);
    }

    [Fact]
    public async Task Tampered_foreign_and_expired_tokens_get_a_plain_4xx_page_and_record_nothing()
    {
        await Service.AddHitsAsync("Moscou et Bamako signent un accord");
        await Service.Get<DigestDispatcher>().SendPendingAsync(default);
        var alice = LinkService.For(await Smtp.WaitForMessagesAsync(2, MailWait), LinkService.Alice);
        var feedback = Assert.Single(LinkService.Links(alice, "feedback"));
        var unsubscribe = Assert.Single(LinkService.Links(alice, "unsubscribe"));
        using var browser = LinkService.Browser();
        var token = (await (await browser.GetAsync(feedback)).Content.ReadAsStringAsync()) is var html ? LinkService.AntiforgeryToken(html)! : null;

        var slash = feedback.LastIndexOf('/');
        var middle = slash + (feedback.Length - slash) / 2;
        var tampered = feedback[..middle] + (feedback[middle] == 'A' ? 'B' : 'A') + feedback[(middle + 1)..];
        // An unsubscribe token is no feedback token (another purpose), nor is one cut short.
        var foreign = feedback[..(slash + 1)] + unsubscribe[(unsubscribe.LastIndexOf('/') + 1)..];
        foreach (var bad in new[] { tampered, foreign, feedback[..^4] })
        {
            using var get = await browser.GetAsync(bad);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.Equal("error", LinkService.PageKind(await get.Content.ReadAsStringAsync()));
            using var post = await browser.PostAsync(bad, LinkService.Form(("__watcher_antiforgery", token!)));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
        Assert.Equal(0, await FeedbackCountAsync());

        // Past Feedback:LinkLifetime (30 days) on the service's clock: 410, nothing recorded.
        Service.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        using (var expired = await browser.GetAsync(feedback))
        {
            Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
            Assert.Contains("expiré", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var expiredPost = await browser.PostAsync(feedback, LinkService.Form(("__watcher_antiforgery", token!))))
            Assert.Equal(HttpStatusCode.Gone, expiredPost.StatusCode);
        Assert.Equal(0, await FeedbackCountAsync());
        // An unsubscribe link does not expire: an old digest's still works.
        using (var old = await browser.GetAsync(unsubscribe))
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }

    [Fact]
    public async Task One_click_unsubscribe_stops_the_next_digest_to_that_address_and_lists_resubscribe_undoes_it()
    {
        await Service.AddHitsAsync("Moscou et Bamako signent un accord");
        await Service.Get<DigestDispatcher>().SendPendingAsync(default);
        var first = await Smtp.WaitForMessagesAsync(2, MailWait);
        var bobHeader = LinkService.For(first, LinkService.Bob).Header("List-Unsubscribe")!;
        var oneClick = bobHeader[1..bobHeader.IndexOf('>', StringComparison.Ordinal)];
        var aliceUnsubscribe = Assert.Single(LinkService.Links(LinkService.For(first, LinkService.Alice), "unsubscribe"));

        // A GET only shows the confirmation page; a form POST without antiforgery is refused.
        using var browser = LinkService.Browser();
        using (var page = await browser.GetAsync(aliceUnsubscribe))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal((HttpStatusCode.OK, "unsubscribe"), (page.StatusCode, LinkService.PageKind(html)));
            Assert.Contains(LinkService.Alice, html, StringComparison.Ordinal);
        }
        using (var bare = await browser.PostAsync(aliceUnsubscribe, LinkService.Form(("List-Unsubscribe", "One-Click"), ("extra", "1"))))
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        await using (var db = await Service.DbAsync())
            Assert.Equal(0, await db.ListOptOuts.CountAsync());

        // What a mail client sends (RFC 8058): no page, no cookie, no antiforgery token.
        using (var client = new HttpClient())
        using (var posted = await client.PostAsync(oneClick, LinkService.Form(("List-Unsubscribe", "One-Click"))))
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await using (var db = await Service.DbAsync())
        {
            var optOut = await db.ListOptOuts.SingleAsync();
            Assert.Equal((DigestKinds.DefaultList, "bob@example.org", OptOutMethods.OneClick), (optOut.ListName, optOut.Address, optOut.Method));
        }

        // The next digest goes to Alice only.
        await Service.AddHitsAsync("L'Africa Corps à Kidal");
        Assert.Equal(DigestSendStatus.Sent, (await Service.Get<DigestDispatcher>().SendPendingAsync(default)).Status);
        var after = await Smtp.WaitForMessagesAsync(3, MailWait);
        var second = Assert.Single(after.Skip(2));
        Assert.Equal([LinkService.Alice], second.EnvelopeRecipients());
        Assert.Single(after, m => m.EnvelopeRecipients().Contains(LinkService.Bob));

        var environment = Environment();
        var lists = await WatcherProcess.RunAsync(environment, null, "lists");
        Assert.Equal(0, lists.ExitCode);
        Assert.Contains("desk: 1 of 2 recipient(s) receive it", lists.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Bob@Example\.org  unsubscribed \d{4}-\d\d-\d\d \d\d:\d\d UTC \(one-click\)", lists.Stdout);

        var resubscribe = await WatcherProcess.RunAsync(environment, null, "lists", "resubscribe", "desk", "bob@example.org");
        Assert.Equal(0, resubscribe.ExitCode);
        Assert.Contains("receives list desk again", resubscribe.Stdout, StringComparison.Ordinal);
        var twice = await WatcherProcess.RunAsync(environment, null, "lists", "resubscribe", "desk", "bob@example.org");
        Assert.Equal(1, twice.ExitCode);
        Assert.StartsWith("watcher: bob@example.org has not unsubscribed from list desk", twice.Stderr, StringComparison.Ordinal);
        await using (var db = await Service.DbAsync())
            Assert.Equal(0, await db.ListOptOuts.CountAsync());
    }

    [Fact]
    public async Task When_every_recipient_has_unsubscribed_nothing_is_sent_and_the_hits_wait()
    {
        var optOuts = Service.Get<ListOptOuts>();
        await optOuts.OptOutAsync(DigestKinds.DefaultList, LinkService.Alice, OptOutMethods.Page, default);
        await optOuts.OptOutAsync(DigestKinds.DefaultList, LinkService.Bob, OptOutMethods.Page, default);
        await Service.AddHitsAsync("Moscou et Bamako signent un accord");

        var result = await Service.Get<DigestDispatcher>().SendPendingAsync(default);

        Assert.Equal(DigestSendStatus.NoRecipients, result.Status);
        await using (var db = await Service.DbAsync())
            Assert.Equal((0, 0), (await db.Digests.CountAsync(), await db.DigestHits.CountAsync()));
        Assert.Empty(Smtp.ReceivedMessages());
        // Back on the list, the waiting hit goes out.
        await optOuts.ResubscribeAsync(DigestKinds.DefaultList, "ALICE@example.org", default);
        Assert.Equal((DigestSendStatus.Sent, 1), ((await Service.Get<DigestDispatcher>().SendPendingAsync(default)) is var sent ? (sent.Status, sent.HitCount) : default));
        Assert.Equal([LinkService.Alice], Assert.Single(await Smtp.WaitForMessagesAsync(1, MailWait)).EnvelopeRecipients());
    }

    [Fact]
    public async Task A_refused_recipient_does_not_stop_the_others_and_nobody_gets_it_twice()
    {
        await using var service = await LinkService.StartAsync(await Postgres.CreateDatabaseAsync(), Smtp, new Dictionary<string, string?>
        {
            ["Digest:Recipients:0"] = LinkService.Alice,
            ["Digest:Recipients:1"] = "reject-gone@example.org",
            ["Digest:Recipients:2"] = "chef@example.org",
        });
        await service.AddHitsAsync("Moscou et Bamako signent un accord");
        var dispatcher = service.Get<DigestDispatcher>();

        var result = await dispatcher.SendPendingAsync(default);

        Assert.Equal(DigestSendStatus.Sent, result.Status);
        Assert.StartsWith("reject-gone@example.org (550 5.1.1", result.RejectedRecipients, StringComparison.Ordinal);
        var messages = await Smtp.WaitForMessagesAsync(2, MailWait);
        Assert.Equal([LinkService.Alice, "chef@example.org"], messages.Select(m => m.EnvelopeRecipients().Single()).Order(StringComparer.Ordinal));
        Assert.Equal(DigestStatuses.Sent, Assert.Single(await dispatcher.HistoryAsync(null, 10, default)).Status);
        Assert.Equal(DigestSendStatus.NothingPending, (await dispatcher.SendPendingAsync(default)).Status);
        Assert.Equal(2, Smtp.ReceivedMessages().Count);
    }

    [Fact]
    public async Task A_run_of_personal_messages_cut_off_after_the_first_ones_data_is_ambiguous_and_not_sent_again()
    {
        // The server stores the first message, then answers too late for Smtp:Timeout: the connection is gone for the second.
        using var slow = new SmtpServerFixture(new SmtpServerOptions
        {
            Delays = new Dictionary<SmtpStallPoint, TimeSpan> { [SmtpStallPoint.Data] = TimeSpan.FromSeconds(30) },
            DelayOnce = true,
        });
        await using var service = await LinkService.StartAsync(await Postgres.CreateDatabaseAsync(), slow, new Dictionary<string, string?>
        {
            ["Smtp:Timeout"] = "00:00:02",
        });
        await service.AddHitsAsync("Moscou et Bamako signent un accord");
        var dispatcher = service.Get<DigestDispatcher>();

        var result = await dispatcher.SendPendingAsync(default);

        Assert.Equal(DigestSendStatus.Unconfirmed, result.Status);
        Assert.Contains("may have arrived", result.Detail, StringComparison.Ordinal);
        var run = Assert.Single(await dispatcher.HistoryAsync(null, 10, default));
        Assert.Equal((DigestStatuses.Ambiguous, DigestPhases.DataSent), (run.Status, run.Phase));
        Assert.Equal([run.Id], (await dispatcher.UnconfirmedAsync(default)).Select(u => u.Id));
        await dispatcher.SettleCutOffRunsAsync(default);
        Assert.Equal(DigestSendStatus.NothingPending, (await dispatcher.SendPendingAsync(default)).Status);
        var mail = Assert.Single(await slow.WaitForMessagesAsync(1, MailWait));
        Assert.Equal(LinkService.Alice, mail.EnvelopeRecipients().Single());
        Assert.Single(slow.ReceivedMessages());
    }

    [Fact]
    public async Task Links_made_by_a_digest_send_process_are_accepted_by_the_service()
    {
        await Service.AddHitsAsync("Moscou et Bamako signent un accord");

        var send = await WatcherProcess.RunAsync(Environment(), null, "digest", "send");

        Assert.True(send.ExitCode == 0, send.Stderr);
        var link = Assert.Single(LinkService.Links(LinkService.For(await Smtp.WaitForMessagesAsync(2, MailWait), LinkService.Bob), "feedback"));
        using var browser = LinkService.Browser();
        using var page = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var posted = await browser.PostAsync(link, LinkService.Form(("__watcher_antiforgery", LinkService.AntiforgeryToken(await page.Content.ReadAsStringAsync())!)));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await using var db = await Service.DbAsync();
        Assert.Equal(LinkService.Bob, (await db.Feedback.SingleAsync()).Recipient);
        // One key, made by the first process that needed it, shared by both.
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    private async Task<int> FeedbackCountAsync()
    {
        await using var db = await Service.DbAsync();
        return await db.Feedback.CountAsync();
    }

    /// <summary>The service's settings as environment variables, for a CLI process on the same database and SMTP server.</summary>
    private Dictionary<string, string> Environment() =>
        Service.Settings.Where(s => s.Value is not null && s.Key != "Http:Urls")
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
}
