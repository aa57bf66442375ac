using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Watcher.Data;
using Watcher.Http;
using Watcher.Http.Admin;
using Watcher.Relevance;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Browser;

/// <summary>
/// The pages over what the real pipeline stored (feeds served by Kestrel, a poll, labels, a digest):
/// a keyword backtest, hits with their explanation and feedback, quality, digests.
/// </summary>
[Collection(PostgresWebCollection.Name)]
public sealed class AdminPipelineBrowserTests(PostgresServer postgres)
{
    private const string ZorglubTitle = "Zorglub Industries et Bamako concluent un contrat d'armement";

    [Fact]
    public async Task AKeywordBacktestShowsWhatWouldEnterAndNothingIsStoredBeforeSave()
    {
        await using var feeds = await AdminSeed.StartFeedsAsync();
        await using var site = await AdminSite.CreateAsync(postgres);
        await AdminSeed.FillAsync(site, feeds);
        await site.StartAsync();

        // What the dry run itself says of this proposal: the page must show the same items.
        using var host = site.Host();
        var rows = await host.Get<KeywordStore>().ListAsync(default);
        var expected = await host.Get<KeywordDryRun>().RunAsync(KeywordSets.WithSet(rows, "zorglub", 3, Facets.Russia), null, TimeSpan.FromDays(7), default);
        Assert.Contains(expected.Recent.Entering, c => c.Item.Title == ZorglubTitle);
        Assert.Empty(expected.Recent.Leaving);

        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(site.BaseUri);
        await AdminBrowser.SignInAsync(page);
        await page.GotoAsync("/admin/keywords");
        await page.GetByLabel("Term (a word or a name of several words)").FillAsync("Zorglub");
        await page.GetByLabel("Facet", new() { Exact = true }).SelectOptionAsync(Facets.Russia);
        await page.GetByLabel("Weight (above 0, at most 100)").FillAsync("3");
        await page.GetByLabel("Backtest on items first seen").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run the backtest" }).ClickAsync();

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Hits now {expected.Recent.CurrentHits}, with the change {expected.Recent.ProposedHits}: {expected.Recent.Entering.Count} would enter, 0 would leave.");
        await Assertions.Expect(page.GetByText(summary)).ToBeVisibleAsync();
        var entering = page.Locator("ul.changes").First;
        foreach (var item in expected.Recent.Entering)
            await Assertions.Expect(entering).ToContainTextAsync(item.Item.Title);
        // The evaluation on the editors' labels (two stored by the seed), before and after.
        await Assertions.Expect(page.GetByRole(AriaRole.Table).First).ToContainTextAsync("the editors' labels (2)");
        await using (var db = await site.DbAsync())
            Assert.False(await db.Keywords.AnyAsync(k => k.Term == "zorglub"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Save this keyword" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Keyword zorglub (russia, weight 3) saved and active.");
        await using (var db = await site.DbAsync())
        {
            var saved = await db.Keywords.SingleAsync(k => k.Term == "zorglub");
            Assert.Equal((3.0, Facets.Russia, KeywordOrigins.Admin, true), (saved.Weight, saved.Facet, saved.Origin, saved.Active));
        }

        // Switching it off shows the same item leaving, and only the POST switches it off.
        await page.GotoAsync("/admin/keywords?q=zorglub");
        await page.GetByRole(AriaRole.Link, new() { Name = "Switch off zorglub" }).ClickAsync();
        await Assertions.Expect(page.Locator("ul.changes")).ToContainTextAsync(ZorglubTitle);
        await using (var db = await site.DbAsync())
            Assert.True((await db.Keywords.SingleAsync(k => k.Term == "zorglub")).Active);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch off" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Keyword zorglub switched off.");
        await using (var db = await site.DbAsync())
            Assert.False((await db.Keywords.SingleAsync(k => k.Term == "zorglub")).Active);

        // A weight out of range is refused by the form, with its reason.
        await page.GotoAsync("/admin/keywords");
        await page.GetByLabel("Term (a word or a name of several words)").FillAsync("wagner");
        await page.GetByLabel("Weight (above 0, at most 100)").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run the backtest" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The weight is a number above 0 and at most 100.");
    }

    [Fact]
    public async Task HitsAreSearchableExplainedAndLabelledAndQualityCountsTheLabels()
    {
        await using var feeds = await AdminSeed.StartFeedsAsync();
        await using var site = await AdminSite.CreateAsync(postgres);
        await AdminSeed.FillAsync(site, feeds);
        await site.StartAsync();
        Hit rosatom;
        await using (var db = await site.DbAsync())
            rosatom = await db.Hits.SingleAsync(h => h.Title.Contains("Rosatom"));
        using var host = site.Host();
        var verdict = (await host.Get<KeywordStore>().LoadClassifierAsync(default)).Classify(rosatom.Title, rosatom.Summary);

        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(site.BaseUri);
        await AdminBrowser.SignInAsync(page);
        await page.GotoAsync("/admin/hits");
        await page.GetByLabel("Title or summary contains").FillAsync("rosatom");
        await page.GetByLabel("Title or summary contains").PressAsync("Enter");
        var hits = page.Locator("ol.hits > li");
        await Assertions.Expect(hits).ToHaveCountAsync(1);
        await Assertions.Expect(hits).ToContainTextAsync(rosatom.Title);
        await Assertions.Expect(hits).ToContainTextAsync(AdminSeed.StateMediaLabel);

        // The explanation is the current keywords' verdict on the stored text; keyboard opens it.
        await page.GetByText("Why (the current keywords on this text)").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(hits.Locator("p.why")).ToHaveTextAsync(verdict.Reason);
        await Assertions.Expect(hits.GetByRole(AriaRole.Table)).ToContainTextAsync(verdict.Matches[0].Term);

        await hits.GetByRole(AriaRole.Button, new() { Name = "irrelevant" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Labelled irrelevant: " + rosatom.Title);
        await Assertions.Expect(page.Locator("ol.hits > li")).ToContainTextAsync("Editors' labels: 0 relevant, 1 irrelevant.");
        await using (var db = await site.DbAsync())
        {
            var label = await db.Feedback.SingleAsync(f => f.Source == FeedbackSources.Admin);
            Assert.Equal((rosatom.Id, FeedbackLabels.Irrelevant, AdminSite.User), (label.HitId, label.Label, label.Recipient));
        }
        // Labelling again as the same user changes that label, it adds no second one.
        await page.Locator("ol.hits > li").GetByRole(AriaRole.Button, new() { Name = "relevant" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("ol.hits > li")).ToContainTextAsync("Editors' labels: 1 relevant, 0 irrelevant.");

        // Quality: the seed's two labels (one relevant, one irrelevant) and this one.
        await page.GotoAsync("/admin/quality");
        await Assertions.Expect(page.GetByText("3 labelled hit(s): 2 relevant, 1 irrelevant; precision 67%.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Precision per feed, lowest first" })).ToContainTextAsync("Agence d'État");
        await using (var db = await site.DbAsync())
        {
            var hitCount = await db.Hits.CountAsync();
            var term = verdict.Matches[0].Term;
            var withTerm = (await db.Hits.Select(h => h.MatchedTerms).ToListAsync()).Count(t => t.Contains(term));
            var row = page.GetByRole(AriaRole.Table, new() { Name = "Hits each keyword matched, most first, with what the labels say of them" })
                .GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = term, Exact = true }) });
            await Assertions.Expect(row.GetByRole(AriaRole.Cell).First).ToHaveTextAsync(withTerm.ToString(CultureInfo.InvariantCulture));
            Assert.InRange(withTerm, 1, hitCount);
        }
    }

    [Fact]
    public async Task DigestsShowTheirHistoryTextAndHtmlAndAreSentAgainOnlyAfterConfirmation()
    {
        await using var feeds = await AdminSeed.StartFeedsAsync();
        await using var site = await AdminSite.CreateAsync(postgres);
        await AdminSeed.FillAsync(site, feeds);
        await site.StartAsync();
        var outbox = site.Environment["Digest__OutboxDirectory"];
        Assert.Single(Directory.GetFiles(outbox, "*.eml"));

        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(site.BaseUri);
        await AdminBrowser.SignInAsync(page);
        await page.GotoAsync("/admin/digests");
        await page.GetByRole(AriaRole.Link, new() { Name = "#1" }).ClickAsync();
        // The text part as mailed, with the feed's label beside the outlet.
        await Assertions.Expect(page.Locator("pre.mail")).ToContainTextAsync($"Agence d'État ({AdminSeed.StateMediaLabel})");

        var html = await page.Context.NewPageAsync();
        var response = await html.GotoAsync(page.Url + "?handler=Html");
        Assert.Equal(SecurityHeaders.MailPreviewPolicy, await response!.HeaderValueAsync("content-security-policy"));
        await Assertions.Expect(html.Locator("body")).ToContainTextAsync("Rosatom");
        await html.CloseAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Send again…" }).ClickAsync();
        await Assertions.Expect(page.GetByText("desk@example.org")).ToBeVisibleAsync();
        Assert.Single(Directory.GetFiles(outbox, "*.eml"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send again" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Digest #1 sent again as digest #2");
        Assert.Equal(2, Directory.GetFiles(outbox, "*.eml").Length);
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "resend of #1" })).ToBeVisibleAsync();

        // Everything went out: the preview says so and sends nothing.
        await page.GetByRole(AriaRole.Link, new() { Name = "Preview desk" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No pending hits, and the list sends nothing on an empty day.")).ToBeVisibleAsync();
        Assert.Equal(2, Directory.GetFiles(outbox, "*.eml").Length);
    }
}
