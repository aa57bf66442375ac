using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Http.Pages;
using Watcher.Tests.Fixtures;
using Watcher.Tests.Links;
using Xunit;

namespace Watcher.Tests.Browser;

/// <summary>
/// The digest's links followed in Chromium, as an editor does: each link taken from a digest delivered to
/// the real SMTP server (read with MimeKit), the page seen, its button pressed, the record read back.
/// (The mail client's RFC 8058 one-click POST is DigestLinkTests' — it needs no browser.)
/// WATCHER_ADMIN_SCREENSHOTS=&lt;folder&gt; keeps a picture of the feedback page (docs/feedback-page.png).
/// </summary>
[Collection(PostgresWebCollection.Name)]
public sealed class DigestLinkBrowserTests(PostgresServer postgres) : LinkServiceTest(postgres)
{
    [Fact]
    public async Task A_not_relevant_link_from_a_delivered_digest_is_confirmed_in_the_browser_and_recorded()
    {
        var hits = await Service.AddHitsAsync("Moscou et Bamako signent un accord ferroviaire");
        await Service.Get<DigestDispatcher>().SendPendingAsync(default);
        var alice = LinkService.For(await Smtp.WaitForMessagesAsync(2, MailWait), LinkService.Alice);
        var link = Assert.Single(LinkService.Links(alice, "feedback"));

        await using var browser = await AdminBrowser.LaunchAsync();
        // A desktop width, no taller than the page: the picture in README is the page, not empty space.
        var page = await browser.NewPageAsync(Service.BaseUri, new ViewportSize { Width = 960, Height = 300 }, "fr-FR");
        var shown = await page.GotoAsync(link);
        Assert.Equal(200, shown!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = PageLocale.French.FeedbackHeading })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main#page")).ToContainTextAsync("Moscou et Bamako signent un accord ferroviaire");
        await KeepAsync(page, "feedback-page");
        // Seeing the page (what a mail scanner's GET does too) records nothing.
        Assert.Equal(0, await FeedbackCountAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = PageLocale.French.FeedbackButton }).ClickAsync();

        await Assertions.Expect(page.Locator("#outcome")).ToHaveTextAsync(PageLocale.French.FeedbackDone);
        await using var db = await Service.DbAsync();
        var label = await db.Feedback.SingleAsync();
        Assert.Equal((FeedbackLabels.Irrelevant, FeedbackSources.DigestLink, LinkService.Alice, hits[0]),
            (label.Label, label.Source, label.Recipient, label.HitId!.Value));
    }

    [Fact]
    public async Task Unsubscribing_with_the_pages_button_stops_the_next_digest_to_that_address()
    {
        await Service.AddHitsAsync("Moscou et Bamako signent un accord");
        await Service.Get<DigestDispatcher>().SendPendingAsync(default);
        var bob = LinkService.For(await Smtp.WaitForMessagesAsync(2, MailWait), LinkService.Bob);
        var link = Assert.Single(LinkService.Links(bob, "unsubscribe"));

        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(Service.BaseUri, AdminBrowser.Phone, "fr-FR");
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("main#page")).ToContainTextAsync(LinkService.Bob);
        await page.GetByRole(AriaRole.Button, new() { Name = PageLocale.French.UnsubscribeButton }).ClickAsync();
        await Assertions.Expect(page.Locator("main#page")).ToHaveAttributeAsync("data-page", "unsubscribe-done");
        await using (var db = await Service.DbAsync())
        {
            var optOut = await db.ListOptOuts.SingleAsync();
            Assert.Equal((DigestKinds.DefaultList, "bob@example.org", OptOutMethods.Page), (optOut.ListName, optOut.Address, optOut.Method));
        }

        await Service.AddHitsAsync("L'Africa Corps à Kidal");
        Assert.Equal(DigestSendStatus.Sent, (await Service.Get<DigestDispatcher>().SendPendingAsync(default)).Status);
        var next = Assert.Single((await Smtp.WaitForMessagesAsync(3, MailWait)).Skip(2));
        Assert.Equal([LinkService.Alice], next.EnvelopeRecipients());
    }

    [Fact]
    public async Task A_tampered_link_shows_a_4xx_page_without_a_button_and_records_nothing()
    {
        await Service.AddHitsAsync("Moscou et Bamako signent un accord");
        await Service.Get<DigestDispatcher>().SendPendingAsync(default);
        var alice = LinkService.For(await Smtp.WaitForMessagesAsync(2, MailWait), LinkService.Alice);
        var feedback = Assert.Single(LinkService.Links(alice, "feedback"));
        var unsubscribe = Assert.Single(LinkService.Links(alice, "unsubscribe"));

        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(Service.BaseUri, AdminBrowser.Desktop, "fr-FR");
        foreach (var bad in new[] { Tamper(feedback), Tamper(unsubscribe) })
        {
            var response = await page.GotoAsync(bad);
            Assert.InRange(response!.Status, 400, 499);
            await Assertions.Expect(page.Locator("main#page")).ToHaveAttributeAsync("data-page", "error");
            await Assertions.Expect(page.Locator("#problem")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        }
        await using var db = await Service.DbAsync();
        Assert.Equal(0, await db.Feedback.CountAsync());
        Assert.Equal(0, await db.ListOptOuts.CountAsync());
    }

    /// <summary>One character of the token changed, in its middle (the signature still has the right length).</summary>
    private static string Tamper(string link)
    {
        var slash = link.LastIndexOf('/');
        var middle = slash + (link.Length - slash) / 2;
        return link[..middle] + (link[middle] == 'A' ? 'B' : 'A') + link[(middle + 1)..];
    }

    private async Task<int> FeedbackCountAsync()
    {
        await using var db = await Service.DbAsync();
        return await db.Feedback.CountAsync();
    }

    private static async Task KeepAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("WATCHER_ADMIN_SCREENSHOTS") is not { Length: > 0 } folder)
            return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
