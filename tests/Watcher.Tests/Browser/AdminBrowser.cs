using Microsoft.Playwright;
using Watcher.Tests.Digest;

namespace Watcher.Tests.Browser;

/// <summary>Debian's Chromium driven by Playwright (its own node driver ships in the package; no browser download).</summary>
internal sealed class AdminBrowser : IAsyncDisposable
{
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    private readonly IPlaywright _playwright;

    private AdminBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<AdminBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumRenderer.Executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
                Timeout = 60_000,
            });
            return new AdminBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh profile (no cookies) at <paramref name="viewport"/>, in <paramref name="locale"/>.</summary>
    public async Task<IPage> NewPageAsync(Uri baseUri, ViewportSize? viewport = null, string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUri.AbsoluteUri,
            ViewportSize = viewport ?? Desktop,
            Locale = locale,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login form, with the keyboard only.</summary>
    public static async Task SignInAsync(IPage page, string user = AdminSite.User, string password = AdminSite.Password)
    {
        await page.GotoAsync("/admin/login");
        await page.GetByLabel("User name").FocusAsync();
        await page.Keyboard.TypeAsync(user);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/admin/login", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
