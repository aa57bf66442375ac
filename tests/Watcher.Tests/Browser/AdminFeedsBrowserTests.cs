using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Browser;

/// <summary>The Feeds page in Chromium, with the keyboard: add (with a label), edit, reset, remove, OPML import.</summary>
[Collection(PostgresAdminCollection.Name)]
public sealed partial class AdminFeedsBrowserTests(PostgresServer postgres)
{
    [Fact]
    public async Task AFeedIsAddedLabelledEditedResetAndRemovedFromTheFeedsPage()
    {
        await using var site = await AdminSite.CreateAsync(postgres);
        await site.StartAsync();
        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(site.BaseUri);
        await AdminBrowser.SignInAsync(page);
        Assert.EndsWith("/admin/feeds", page.Url, StringComparison.Ordinal);

        // Keyboard only: the fields are reached through their labels' order, Enter submits.
        await page.GetByLabel("Address (http or https)").FocusAsync();
        await page.Keyboard.TypeAsync("https://wire.example/africa.xml");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("World Wire");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("wire");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added https://wire.example/africa.xml");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "World Wire" });
        await Assertions.Expect(row).ToContainTextAsync("wire");
        await Assertions.Expect(row).ToContainTextAsync("new");
        long id;
        await using (var db = await site.DbAsync())
        {
            var feed = await db.Feeds.SingleAsync();
            Assert.Equal(("https://wire.example/africa.xml", "World Wire", "wire"), (feed.Url, feed.Name, feed.Label));
            id = feed.Id;
        }

        // A wrong address is refused with a message by its field; nothing is added.
        await page.GetByLabel("Address (http or https)").FillAsync("ftp://files.example/feed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Give the feed's full address")).ToBeVisibleAsync();

        // Edit: a new label; the edit page is reached by its link (named after the feed for screen readers).
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit World Wire" }).ClickAsync();
        await page.GetByLabel("Label: state media, wire, local press… (empty: none)").FillAsync("agence de presse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("World Wire saved.");
        await using (var db = await site.DbAsync())
            Assert.Equal("agence de presse", (await db.Feeds.SingleAsync()).Label);

        // Reset: a failing feed is due again with its failures cleared.
        await using (var db = await site.DbAsync())
            await db.Feeds.ExecuteUpdateAsync(set => set.SetProperty(f => f.ConsecutiveFailures, 4).SetProperty(f => f.LastError, "HTTP 503").SetProperty(f => f.LastErrorKind, "http"));
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "World Wire" })).ToContainTextAsync("[http] HTTP 503");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset World Wire" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("failures cleared");
        await using (var db = await site.DbAsync())
            Assert.Equal((0, (string?)null), (await db.Feeds.SingleAsync()) is var f ? (f.ConsecutiveFailures, f.LastError) : default);

        // Remove asks first; GET alone changes nothing.
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove World Wire" }).ClickAsync();
        Assert.EndsWith($"/admin/feeds/{id}/remove", page.Url, StringComparison.Ordinal);
        await using (var db = await site.DbAsync())
            Assert.Equal(1, await db.Feeds.CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Removed World Wire.");
        await using (var db = await site.DbAsync())
            Assert.Equal(0, await db.Feeds.CountAsync());
    }

    [Fact]
    public async Task AnOpmlFileIsImportedAndOneOverTheSizeLimitIsRefused()
    {
        await using var site = await AdminSite.CreateAsync(postgres, new Dictionary<string, string> { ["Admin__MaxUploadBytes"] = "2048" });
        await site.StartAsync();
        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(site.BaseUri);
        await AdminBrowser.SignInAsync(page);

        var opml = """
            <opml version="2.0"><body>
              <outline text="Sahel" xmlUrl="https://sahel.example/rss"/>
              <outline text="Wire" xmlUrl="https://wire.example/atom.xml"/>
              <outline text="Broken" xmlUrl="ftp://nope.example/x"/>
            </body></opml>
            """u8.ToArray();
        await page.GetByLabel(OpmlField()).SetInputFilesAsync(new FilePayload { Name = "feeds.opml", MimeType = "text/x-opml", Buffer = opml });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported 2 feed(s); 0 already there; 1 skipped.");
        await Assertions.Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "ftp://nope.example/x" })).ToBeVisibleAsync();
        await using (var db = await site.DbAsync())
            Assert.Equal(["https://sahel.example/rss", "https://wire.example/atom.xml"], await db.Feeds.OrderBy(f => f.Url).Select(f => f.Url).ToListAsync());

        var large = System.Text.Encoding.UTF8.GetBytes("<opml version=\"2.0\"><body>" + string.Concat(Enumerable.Range(0, 60).Select(i => $"<outline xmlUrl=\"https://many.example/{i}\"/>")) + "</body></opml>");
        Assert.True(large.Length > 2048);
        await page.GetByLabel(OpmlField()).SetInputFilesAsync(new FilePayload { Name = "large.opml", MimeType = "text/x-opml", Buffer = large });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The file is larger than 2 KB: nothing imported.")).ToBeVisibleAsync();
        await page.GetByLabel(OpmlField()).SetInputFilesAsync(new FilePayload { Name = "notes.opml", MimeType = "text/plain", Buffer = "<html>not a list</html>"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Not an OPML file, nothing imported:")).ToBeVisibleAsync();
        await using (var db = await site.DbAsync())
            Assert.Equal(2, await db.Feeds.CountAsync());
    }

    [System.Text.RegularExpressions.GeneratedRegex("^OPML file")]
    private static partial System.Text.RegularExpressions.Regex OpmlField();
}
