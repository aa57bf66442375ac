using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Browser;

[Collection(PostgresCollection.Name)]
public sealed class AdminSmokeTests(PostgresServer postgres)
{
    [Fact]
    public async Task SignInShowsFeeds()
    {
        await using var site = await AdminSite.CreateAsync(postgres);
        await site.StartAsync();
        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(site.BaseUri);
        await AdminBrowser.SignInAsync(page);
        Assert.EndsWith("/admin/feeds", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = "/tmp/admin-smoke.png", FullPage = true });
    }
}
