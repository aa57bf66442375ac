using System.Text.Json;
using Watcher.Tests.Cli;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Feeds;

/// <summary>`watcher feeds import|export|reset|list|check` as the real executable against a real database.</summary>
[Collection(PostgresCommandCollection.Name)]
public sealed class FeedsCliTests(PostgresServer postgres)
{
    [Fact]
    public async Task ImportExportResetAndList()
    {
        var env = new Dictionary<string, string> { ["ConnectionStrings__Watcher"] = await postgres.CreateDatabaseAsync() };
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        var opml = Path.Combine(Path.GetTempPath(), $"watcher-{Guid.NewGuid():N}.opml");
        await File.WriteAllTextAsync(opml, """
            <opml version="2.0"><body>
              <outline text="Sahel" xmlUrl="https://sahel.example/rss"/>
              <outline text="Wire" xmlUrl="https://wire.example/atom.xml"/>
              <outline text="Broken" xmlUrl="ftp://nope.example/x"/>
            </body></opml>
            """);
        try
        {
            var import = await WatcherProcess.RunAsync(env, null, "feeds", "import", opml);
            Assert.Equal(0, import.ExitCode);
            Assert.Contains("Imported 2 feed(s); 0 already there; 1 skipped", import.Stdout, StringComparison.Ordinal);
            Assert.Contains("ftp://nope.example/x", import.Stderr, StringComparison.Ordinal);
            var again = await WatcherProcess.RunAsync(env, null, "feeds", "import", opml);
            Assert.Contains("Imported 0 feed(s); 2 already there", again.Stdout, StringComparison.Ordinal);

            var export = await WatcherProcess.RunAsync(env, null, "feeds", "export");
            Assert.Equal(0, export.ExitCode);
            var exported = Watcher.Feeds.Opml.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(export.Stdout.Trim())));
            Assert.Equal(["https://sahel.example/rss", "https://wire.example/atom.xml"], exported.Select(f => f.Url).Order(StringComparer.Ordinal));
            Assert.Contains(exported, f => f.Title == "Sahel");

            var list = await WatcherProcess.RunAsync(env, null, "feeds", "list");
            Assert.Contains("FAILS", list.Stdout, StringComparison.Ordinal);
            Assert.Contains("NEXT POLL", list.Stdout, StringComparison.Ordinal);

            Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "feeds", "reset", "https://sahel.example/rss")).ExitCode);
            var missing = await WatcherProcess.RunAsync(env, null, "feeds", "reset", "https://nowhere.example/rss");
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("no feed with URL", missing.Stderr, StringComparison.Ordinal);

            var notOpml = await WatcherProcess.RunAsync(env, null, "feeds", "import", "/etc/hostname");
            Assert.NotEqual(0, notOpml.ExitCode);
        }
        finally
        {
            File.Delete(opml);
        }
    }

    [Fact]
    public async Task CheckJsonPrintsTheConformanceSchemaOrAnError()
    {
        var file = Path.Combine(Path.GetTempPath(), $"watcher-{Guid.NewGuid():N}.xml");
        await File.WriteAllBytesAsync(file, Polling.TestFeeds.Rss(new Polling.TestItem("T &amp; <b>x</b>", "https://a.example/1", "g1",
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)))));
        try
        {
            var ok = await WatcherProcess.RunAsync(new Dictionary<string, string>(), null, "feeds", "check", file, "--json");
            Assert.Equal(0, ok.ExitCode);
            using var json = JsonDocument.Parse(ok.Stdout);
            Assert.Equal("rss", json.RootElement.GetProperty("format").GetString());
            Assert.Equal("Test", json.RootElement.GetProperty("feed_title").GetString());
            Assert.Equal(1, json.RootElement.GetProperty("item_count").GetInt32());
            var item = json.RootElement.GetProperty("items")[0];
            Assert.Equal("T &amp; <b>x</b>", item.GetProperty("title").GetString());
            Assert.Equal("https://a.example/1", item.GetProperty("link").GetString());
            Assert.Equal("g1", item.GetProperty("guid").GetString());
            Assert.Equal("2026-01-02T02:04:05Z", item.GetProperty("published_utc").GetString());

            await File.WriteAllTextAsync(file, "<html><body>no</body></html>");
            var bad = await WatcherProcess.RunAsync(new Dictionary<string, string>(), null, "feeds", "check", file, "--json");
            Assert.NotEqual(0, bad.ExitCode);
            using var error = JsonDocument.Parse(bad.Stdout);
            Assert.Equal(["error"], error.RootElement.EnumerateObject().Select(p => p.Name));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
