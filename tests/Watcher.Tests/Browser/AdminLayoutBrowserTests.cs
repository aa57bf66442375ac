using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Browser;

/// <summary>
/// Every admin page in English and French, at phone and desktop width: no sideways scrolling on a
/// phone, every field labelled, every table captioned, no inline script or style, the keyboard's
/// focus visible. WATCHER_ADMIN_SCREENSHOTS=&lt;folder&gt; keeps a picture of each (docs/admin-*.png).
/// </summary>
[Collection(PostgresAdminCollection.Name)]
public sealed class AdminLayoutBrowserTests(PostgresServer postgres)
{
    [Fact]
    public async Task EveryPageWorksInBothLanguagesAtPhoneAndDesktopWidth()
    {
        await using var feeds = await AdminSeed.StartFeedsAsync();
        await using var site = await AdminSite.CreateAsync(postgres);
        await AdminSeed.FillAsync(site, feeds);
        await site.StartAsync();
        long feedId, digestId;
        await using (var db = await site.DbAsync())
        {
            feedId = (await db.Feeds.SingleAsync(f => f.Label == AdminSeed.StateMediaLabel)).Id;
            digestId = (await db.Digests.FirstAsync()).Id;
        }
        (string Name, string Path)[] pages =
        [
            ("feeds", "/admin/feeds"),
            ("feed-edit", $"/admin/feeds/{feedId}/edit"),
            ("keywords", "/admin/keywords?q=russ"),
            ("keyword-edit", "/admin/keywords/edit?term=moscou"),
            ("keyword-remove", "/admin/keywords/remove?term=moscou"),
            ("hits", "/admin/hits"),
            ("digests", "/admin/digests"),
            ("digest", $"/admin/digests/{digestId}"),
            ("quality", "/admin/quality"),
        ];
        var keep = Environment.GetEnvironmentVariable("WATCHER_ADMIN_SCREENSHOTS") is { Length: > 0 } folder ? folder : null;

        await using var browser = await AdminBrowser.LaunchAsync();
        // French comes from the browser's Accept-Language, English from the switch on the page.
        foreach (var (locale, viewport, width) in new[] { ("fr-FR", AdminBrowser.Phone, "phone"), ("en-GB", AdminBrowser.Desktop, "desktop") })
        {
            var french = locale.StartsWith("fr", StringComparison.Ordinal);
            var page = await browser.NewPageAsync(site.BaseUri, viewport, locale);
            var violations = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                    violations.Add(message.Text);
            };

            await page.GotoAsync("/admin/login");
            await CheckAsync(page, "login", french, signedIn: false);
            await KeepAsync(page, keep, "login", width);
            await page.GetByLabel(french ? "Nom d’utilisateur" : "User name").FillAsync(AdminSite.User);
            await page.GetByLabel(french ? "Mot de passe" : "Password").FillAsync(AdminSite.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = french ? "Se connecter" : "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/admin/feeds", StringComparison.Ordinal));

            foreach (var (name, path) in pages)
            {
                await page.GotoAsync(path);
                if (name == "hits")
                {
                    // The first hit's explanation opened (with the keyboard), so that its table is checked too.
                    await page.Locator("details summary").First.FocusAsync();
                    await page.Keyboard.PressAsync("Enter");
                    await Assertions.Expect(page.Locator("details[open] table").First).ToBeVisibleAsync();
                }
                await CheckAsync(page, name, french, signedIn: true);
                await KeepAsync(page, keep, name, width);
            }

            // The backtest page, reached through the form.
            await page.GotoAsync("/admin/keywords/edit?term=moscou");
            await page.GetByRole(AriaRole.Button, new() { Name = french ? "Lancer le test" : "Run the backtest" }).ClickAsync();
            await Assertions.Expect(page.Locator("#backtest-heading")).ToBeVisibleAsync();
            await CheckAsync(page, "keyword-backtest", french, signedIn: true);
            await KeepAsync(page, keep, "keyword-backtest", width);

            // The switch changes the language and stays on the page; the cookie keeps the choice.
            await page.GotoAsync("/admin/hits");
            await page.GetByRole(AriaRole.Button, new() { Name = french ? "English" : "Français" }).ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", french ? "en" : "fr");
            Assert.EndsWith("/admin/hits", page.Url, StringComparison.Ordinal);
            await page.GotoAsync("/admin/quality");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", french ? "en" : "fr");

            Assert.Empty(violations);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task TheKeyboardReachesEveryControlWithAVisibleFocus()
    {
        await using var site = await AdminSite.CreateAsync(postgres);
        await site.StartAsync();
        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(site.BaseUri, AdminBrowser.Phone);
        await AdminBrowser.SignInAsync(page);

        // The first Tab lands on the skip link, which leads to the content.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to the content", await page.EvaluateAsync<string>("document.activeElement.textContent.trim()"));
        var seen = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var focused = await page.EvaluateAsync<FocusState>("""
                (() => {
                    const e = document.activeElement;
                    const s = getComputedStyle(e);
                    return { tag: e.tagName.toLowerCase(), name: (e.getAttribute('aria-label') || e.textContent || e.name || e.id || '').trim().slice(0, 40),
                             outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
                })()
                """);
            // Past the last control the focus leaves the page.
            if (focused.Tag == "body")
                break;
            Assert.True(focused.Outline, $"no visible focus on <{focused.Tag}> {focused.Name}");
            seen.Add(focused.Tag + ":" + focused.Name);
            await page.Keyboard.PressAsync("Tab");
        }
        // The menu, the add form and the import form are all on the way.
        foreach (var expected in new[] { "a:Keywords", "a:Quality", "button:Sign out", "input:Address", "input:Name", "input:Label", "button:Add", "input:opml", "button:Import" })
            Assert.True(seen.Exists(s => s.StartsWith(expected, StringComparison.Ordinal)), $"{expected} not reached: {string.Join(", ", seen)}");
    }

    /// <summary>Filled by Playwright from the page's answer (settable properties, by name).</summary>
    private sealed class FocusState
    {
        public string Tag { get; set; } = "";
        public string Name { get; set; } = "";
        public bool Outline { get; set; }
    }

    /// <summary>The rules every page keeps, read from the page as Chromium built it.</summary>
    private static async Task CheckAsync(IPage page, string name, bool french, bool signedIn)
    {
        var facts = await page.EvaluateAsync<PageFacts>("""
            (() => {
                const visible = e => e.offsetParent !== null || e.getClientRects().length > 0;
                const fields = [...document.querySelectorAll('input, select, textarea')]
                    .filter(e => e.type !== 'hidden' && e.type !== 'submit' && visible(e));
                const unlabelled = fields.filter(e => !(e.id && document.querySelector(`label[for="${e.id}"]`)) && !e.getAttribute('aria-label'))
                    .map(e => e.name || e.outerHTML.slice(0, 60));
                return {
                    lang: document.documentElement.lang,
                    overflow: document.documentElement.scrollWidth - window.innerWidth,
                    wide: [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                        .slice(-3).map(e => e.outerHTML.slice(0, 80)),
                    unlabelled,
                    uncaptioned: [...document.querySelectorAll('table')].filter(t => !t.caption || !t.caption.textContent.trim()).length,
                    inline: document.querySelectorAll('script, [style], [onclick], [onload]').length,
                    nav: [...document.querySelectorAll('nav a')].map(a => a.textContent.trim()),
                    h1: (document.querySelector('h1') || {}).textContent || '',
                };
            })()
            """);
        Assert.True(facts.Lang == (french ? "fr" : "en"), $"{name}: lang {facts.Lang}");
        Assert.True(facts.Overflow <= 0, $"{name}: {facts.Overflow}px wider than the window: {string.Join(" | ", facts.Wide)}");
        Assert.True(facts.Unlabelled.Length == 0, $"{name}: fields without a label: {string.Join(", ", facts.Unlabelled)}");
        Assert.True(facts.Uncaptioned == 0, $"{name}: {facts.Uncaptioned} table(s) without a caption");
        Assert.True(facts.Inline == 0, $"{name}: {facts.Inline} inline script(s) or style(s)");
        Assert.False(string.IsNullOrWhiteSpace(facts.H1), $"{name}: no heading");
        Assert.Equal(signedIn ? (french ? ["Flux", "Mots-clés", "Articles retenus", "Envois", "Qualité"] : ["Feeds", "Keywords", "Hits", "Digests", "Quality"]) : [], facts.Nav);
    }

    private sealed class PageFacts
    {
        public string Lang { get; set; } = "";
        public double Overflow { get; set; }
        public string[] Wide { get; set; } = [];
        public string[] Unlabelled { get; set; } = [];
        public int Uncaptioned { get; set; }
        public int Inline { get; set; }
        public string[] Nav { get; set; } = [];
        public string H1 { get; set; } = "";
    }

    private static async Task KeepAsync(IPage page, string? folder, string name, string width)
    {
        if (folder is null)
            return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"admin-{name}{(width == "phone" ? "-phone" : "")}.png"), FullPage = true });
    }
}
