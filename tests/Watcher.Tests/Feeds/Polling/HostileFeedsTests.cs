using System.IO.Compression;
using System.Text;
using Watcher.Feeds;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Feeds.Polling;

/// <summary>One poll over hostile and good feeds: every hostile one ends as a recorded error, the good ones still give their items.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HostileFeedsTests(PostgresServer postgres)
{
    [Fact]
    public async Task HostileFeedsAreRecordedErrorsAndGoodFeedsStillProduceTheirItems()
    {
        await using var h = await PollerHarness.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Polling:RequestTimeout"] = "00:00:02",
            ["Polling:MaxBodyBytes"] = (4 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Polling:MaxConcurrency"] = "4",
        });
        var secret = Path.Combine(Path.GetTempPath(), "watcher-xxe-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(secret, "TOP-SECRET");
        try
        {
            var expected = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["/xxe.xml"] = FeedErrorKinds.Parse,
                ["/laughs.xml"] = FeedErrorKinds.Parse,
                ["/bomb.xml"] = FeedErrorKinds.TooLarge,
                ["/huge.xml"] = FeedErrorKinds.TooLarge,
                ["/huge-declared.xml"] = FeedErrorKinds.TooLarge,
                ["/loop.xml"] = FeedErrorKinds.Redirect,
                ["/page.html"] = FeedErrorKinds.Parse,
                ["/drip.xml"] = FeedErrorKinds.Timeout,
                ["/error.xml"] = FeedErrorKinds.Http,
            };
            h.Server.Serve("/xxe.xml", Encoding.UTF8.GetBytes($"""
                <?xml version="1.0"?>
                <!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
                <rss version="2.0"><channel><title>&xxe;</title><item><title>x &xxe;</title><guid>1</guid></item></channel></rss>
                """), "application/rss+xml");
            var entities = string.Concat(Enumerable.Range(1, 9).Select(i =>
                $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
            h.Server.Serve("/laughs.xml", Encoding.UTF8.GetBytes($"""
                <?xml version="1.0"?>
                <!DOCTYPE rss [ <!ENTITY lol0 "lol"> {entities} ]>
                <rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><guid>1</guid></item></channel></rss>
                """), "application/rss+xml");
            var bomb = await GzipOfZerosAsync(64 * 1024 * 1024);
            h.Server.Respond("/bomb.xml", async context =>
            {
                context.Response.ContentType = "application/rss+xml";
                context.Response.Headers.ContentEncoding = "gzip";
                await context.Response.Body.WriteAsync(bomb, context.RequestAborted);
            });
            h.Server.Respond("/huge.xml", FeedServerResponses.Huge(100L * 1024 * 1024, declareLength: false));
            h.Server.Respond("/huge-declared.xml", FeedServerResponses.Huge(100L * 1024 * 1024));
            h.Server.Respond("/loop.xml", FeedServerResponses.Redirect("/loop2.xml"));
            h.Server.Respond("/loop2.xml", FeedServerResponses.Redirect("/loop.xml"));
            h.Server.Serve("/page.html", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><h1>Not a feed</h1></body></html>"), "text/html");
            h.Server.Respond("/drip.xml", FeedServerResponses.SlowDrip(TestFeeds.Rss(new TestItem("slow", "https://a.example/s", "s")),
                "application/rss+xml", 8, TimeSpan.FromMilliseconds(400)));
            h.Server.Respond("/error.xml", FeedServerResponses.Status(500));
            h.Server.Serve("/good1.xml", TestFeeds.Rss(new TestItem(TestFeeds.Relevant, "https://a.example/1", "g1")), "application/rss+xml");
            h.Server.Serve("/good2.xml", TestFeeds.Rss(new TestItem(TestFeeds.Irrelevant, "https://b.example/1", "g1"),
                new TestItem("Autre nouvelle", "https://b.example/2", "g2")), "application/rss+xml");

            var ids = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var path in expected.Keys.Append("/good1.xml").Append("/good2.xml"))
                ids[path] = (await h.AddAsync(path)).Id;

            var summary = await h.Poller.PollAsync(force: true, default);

            Assert.Equal(expected.Count, summary.Failed);
            Assert.Equal(2, summary.Fetched);
            Assert.Equal(3, summary.NewItems);
            Assert.Equal(1, summary.NewHits);
            foreach (var (path, kind) in expected)
            {
                var feed = await h.FeedAsync(ids[path]);
                Assert.True(kind == feed.LastErrorKind, $"{path}: expected {kind}, got {feed.LastErrorKind} ({feed.LastError})");
                Assert.Equal(1, feed.ConsecutiveFailures);
                Assert.True(feed.Enabled);
                Assert.Empty(await h.SeenAsync(ids[path]));
            }
            Assert.Single(await h.HitsAsync(ids["/good1.xml"]));
            Assert.Equal(2, (await h.SeenAsync(ids["/good2.xml"])).Count);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    private static async Task<byte[]> GzipOfZerosAsync(int length)
    {
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var written = 0; written < length; written += zeros.Length)
                await gzip.WriteAsync(zeros);
        }
        return packed.ToArray();
    }
}
