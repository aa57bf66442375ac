using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.Hosting;
using Microsoft.EntityFrameworkCore;
using Watcher.Http;
using Watcher.Http.Admin;
using Watcher.Http.Pages;
using Watcher.Tests.Cli;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Browser;

/// <summary>The admin area's doors, over plain HTTP to a real `watcher run`: closed without a session, forms only with their token, login throttled.</summary>
[Collection(PostgresAdminCollection.Name)]
public sealed partial class AdminHttpTests(PostgresServer postgres)
{
    /// <summary>The only admin pages a stranger may reach.</summary>
    private static readonly string[] AnonymousPages = ["/admin/login", "/admin/language", "/admin/error"];

    [Fact]
    public async Task EveryAdminPageSendsAStrangerToTheLoginAndEveryAnswerCarriesTheSecurityHeaders()
    {
        await using var site = await AdminSite.CreateAsync(postgres);
        await site.StartAsync();
        using var client = site.Client();

        var routes = AdminPageRoutes();
        // Every compiled page under /admin is either one of the few anonymous ones or checked below.
        Assert.Superset(AnonymousPages.ToHashSet(), routes.ToHashSet());
        Assert.True(routes.Count >= 15, string.Join(", ", routes));
        foreach (var route in routes.Except(AnonymousPages).Append("/admin").Append("/admin/digests/1?handler=Html"))
        {
            var path = RouteParameter().Replace(route, m => m.Value.StartsWith("{id", StringComparison.Ordinal) ? "1" : "desk");
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var response = await client.SendAsync(new HttpRequestMessage(method, path));
                if (route == "/admin" && method == HttpMethod.Post)
                    continue;
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {path}: {(int)response.StatusCode}");
                var location = response.Headers.Location!.OriginalString;
                Assert.True(location.Contains("/admin/login", StringComparison.Ordinal) || (route == "/admin" && location == "/admin/feeds"), $"{method} {path} → {location}");
            }
        }
        using (var login = await client.GetAsync("/admin/login"))
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        foreach (var path in new[] { "/healthz", "/admin/login", "/admin/feeds", "/admin/no-such-page", SecurityHeadersPath })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
        using var css = await client.GetAsync(SecurityHeadersPath);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Contains("focus-visible", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private const string SecurityHeadersPath = AdminServices.StylesheetPath;

    [Fact]
    public async Task AFormWithoutItsTokenIsRefusedAndChangesNothing()
    {
        await using var site = await AdminSite.CreateAsync(postgres);
        await site.StartAsync();
        using var client = site.Client();
        await SignInAsync(client);

        using (var forged = await client.PostAsync("/admin/feeds?handler=Add", Form(("Address", "https://forged.example/rss"))))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // A token of another session does not do either.
        using var stranger = site.Client();
        var strangerToken = Token(await stranger.GetStringAsync("/admin/login"));
        using (var foreign = await client.PostAsync("/admin/feeds?handler=Add", Form(("Address", "https://forged.example/rss"), (LinkPages.AntiforgeryField, strangerToken))))
            Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        // Nor does a login form without its token.
        using (var login = await stranger.PostAsync("/admin/login", Form(("Name", AdminSite.User), ("Password", AdminSite.Password))))
            Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        await using (var db = await site.DbAsync())
            Assert.Empty(await db.Feeds.ToListAsync());

        var token = Token(await client.GetStringAsync("/admin/feeds"));
        using (var real = await client.PostAsync("/admin/feeds?handler=Add", Form(("Address", "https://real.example/rss"), ("Label", "wire"), (LinkPages.AntiforgeryField, token))))
            Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        await using (var db = await site.DbAsync())
            Assert.Equal(("https://real.example/rss", "wire"), (await db.Feeds.SingleAsync()) is var f ? (f.Url, f.Label) : default);
    }

    [Fact]
    public async Task LoginIsThrottledPerClientAddressAndPerUserName()
    {
        // An hour's window: the test's attempts cannot straddle a refill.
        await using var site = await AdminSite.CreateAsync(postgres, new Dictionary<string, string>
        {
            ["Admin__LoginAttempts"] = "5",
            ["Admin__LoginWindow"] = "01:00:00",
        });
        await site.StartAsync();
        using var first = site.Client("127.0.0.1");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var (status, body) = await TryLoginAsync(first, AdminSite.User, "not the password " + attempt);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("Wrong user name or password.", body, StringComparison.Ordinal);
        }
        // The sixth from that address is refused unchecked, even with the right password.
        var throttled = await TryLoginAsync(first, AdminSite.User, AdminSite.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Contains("Too many attempts", throttled.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TryLoginAsync(first, "bob", "whatever it is")).Status);

        // Another address (the loopback range is all ours) may still try other names, not this one.
        using var second = site.Client("127.0.0.2");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TryLoginAsync(second, AdminSite.User.ToUpperInvariant(), AdminSite.Password)).Status);
        Assert.Equal(HttpStatusCode.OK, (await TryLoginAsync(second, "bob", "whatever it is")).Status);
        // Both kinds of refusal are logged, with the address.
        Assert.Contains("Admin sign-in refused from 127.0.0.1 for user name 'alice': wrong name or password", site.Service!.Process.Stdout, StringComparison.Ordinal);
        Assert.Contains("Admin sign-in from 127.0.0.2 for user name 'ALICE' refused unchecked: too many attempts", site.Service.Process.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResettingOrRemovingAUserEndsTheirOpenSessionsAndATamperedCookieIsNoSession()
    {
        await using var site = await AdminSite.CreateAsync(postgres);
        await site.StartAsync();
        var cookies = new CookieContainer();
        using var client = site.Client(cookies: cookies);
        await SignInAsync(client);
        using (var feeds = await client.GetAsync("/admin/feeds"))
            Assert.Equal(HttpStatusCode.OK, feeds.StatusCode);

        // A cookie altered by one character is not a session.
        var session = cookies.GetCookies(new Uri(site.BaseUri, "/admin/"))[AdminServices.CookieName]!;
        var original = session.Value;
        session.Value = original[..^2] + (original[^2] == 'A' ? 'B' : 'A') + original[^1];
        using (var tampered = await client.GetAsync("/admin/feeds"))
            Assert.Equal(HttpStatusCode.Redirect, tampered.StatusCode);
        session.Value = original;
        using (var restored = await client.GetAsync("/admin/feeds"))
            Assert.Equal(HttpStatusCode.OK, restored.StatusCode);

        var reset = await WatcherProcess.RunAsync(site.Environment, "another long password\n", "users", "add", AdminSite.User, "--reset");
        Assert.Equal(0, reset.ExitCode);
        using (var afterReset = await client.GetAsync("/admin/feeds"))
        {
            Assert.Equal(HttpStatusCode.Redirect, afterReset.StatusCode);
            Assert.Contains("/admin/login", afterReset.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        await SignInAsync(client, "another long password");
        Assert.Equal(0, (await WatcherProcess.RunAsync(site.Environment, null, "users", "remove", AdminSite.User)).ExitCode);
        using (var afterRemove = await client.GetAsync("/admin/feeds"))
            Assert.Equal(HttpStatusCode.Redirect, afterRemove.StatusCode);
    }

    [Fact]
    public async Task TheDigestsPageTellsWhatToDoWithADigestThatMayNotHaveArrived()
    {
        await using var site = await AdminSite.CreateAsync(postgres);
        await site.StartAsync();
        long unchecked_, checked_;
        await using (var db = await site.DbAsync())
        {
            var at = DateTimeOffset.UtcNow;
            global::Watcher.Data.DigestRun Run(DateTimeOffset? checkedAt) => new()
            {
                ListName = "desk", Kind = "digest", CreatedAt = at, Status = global::Watcher.Data.DigestStatuses.Ambiguous,
                Phase = global::Watcher.Data.DigestPhases.DataSent, PhaseAt = at, CheckedAt = checkedAt,
                MessageId = $"<digest.desk.{Guid.NewGuid():N}@watcher.example>", Recipients = ["desk@example.org"], HitCount = 3,
            };
            var runs = new[] { Run(null), Run(at) };
            db.Digests.AddRange(runs);
            await db.SaveChangesAsync();
            (unchecked_, checked_) = (runs[0].Id, runs[1].Id);
        }
        using var client = site.Client(cookies: new CookieContainer());
        await SignInAsync(client);

        var page = await client.GetStringAsync("/admin/digests");

        Assert.Equal(2, Regex.Count(page, "may not have arrived"));
        Assert.Matches($@"watcher digest dismiss {unchecked_}\b", page);
        Assert.DoesNotMatch($@"watcher digest dismiss {checked_}\b", page);
        Assert.Contains("(checked)", page, StringComparison.Ordinal);
    }

    /// <summary>Every compiled page's route under /admin, read from the executable itself.</summary>
    private static List<string> AdminPageRoutes() =>
        [.. typeof(WatcherHost).Assembly.GetCustomAttributes<RazorCompiledItemAttribute>()
            .Where(item => item.Kind == "mvc.1.0.razor-page")
            .SelectMany(item => item.Type.GetCustomAttributes<RazorCompiledItemMetadataAttribute>())
            .Where(meta => meta.Key == "RouteTemplate" && meta.Value.StartsWith("/admin", StringComparison.Ordinal))
            .Select(meta => meta.Value)];

    internal static async Task SignInAsync(HttpClient client, string password = AdminSite.Password)
    {
        var (status, _) = await TryLoginAsync(client, AdminSite.User, password);
        Assert.Equal(HttpStatusCode.Redirect, status);
    }

    private static async Task<(HttpStatusCode Status, string Body)> TryLoginAsync(HttpClient client, string name, string password)
    {
        var token = Token(await client.GetStringAsync("/admin/login"));
        using var response = await client.PostAsync("/admin/login", Form(("Name", name), ("Password", password), (LinkPages.AntiforgeryField, token)));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    internal static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    internal static string Token(string html) => TokenField().Match(html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups["token"].Value)
        : throw new InvalidOperationException("no antiforgery token in the page");

    [GeneratedRegex("name=\"__watcher_antiforgery\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
