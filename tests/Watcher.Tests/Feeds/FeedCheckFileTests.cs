using System.Text;
using System.Text.Json;
using Watcher.Tests.Cli;
using Xunit;

namespace Watcher.Tests.Feeds;

/// <summary>`watcher feeds check &lt;file&gt;` as a careless admin or a hostile user runs it: size limits, and no content echoed.</summary>
public sealed class FeedCheckFileTests
{
    private const string Secret = "SECRETxq7Lm2";

    [Fact]
    public async Task Dev_zero_stops_at_MaxBodyBytes_as_too_large()
    {
        // A small heap cap: should the limit be missing, the process dies here instead of filling the machine.
        var env = new Dictionary<string, string> { ["Polling__MaxBodyBytes"] = "1048576", ["DOTNET_GCHeapHardLimit"] = "0x20000000" };

        var run = await WatcherProcess.RunAsync(env, null, "feeds", "check", "/dev/zero", "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("[too-large] the file is larger than 1,048,576 bytes (Polling:MaxBodyBytes)", json.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("root:$y$j9T$" + Secret + "/abcdef:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n")]
    [InlineData("<html><head><title>" + Secret + "</title></head></html>")]
    [InlineData("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title></item></channel></" + Secret + "></rss>")]
    [InlineData("<opml><" + Secret + "/></opml>")]
    [InlineData("{\"title\": " + Secret + "}")]
    public async Task An_unreadable_file_is_described_without_quoting_its_content(string content)
    {
        var file = Path.Combine(Path.GetTempPath(), $"watcher-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, content, new UTF8Encoding(false));
        try
        {
            foreach (var args in new[] { new[] { "feeds", "check", file }, ["feeds", "check", file, "--json"] })
            {
                var run = await WatcherProcess.RunAsync(new Dictionary<string, string>(), null, args);

                Assert.DoesNotContain(Secret, run.Stdout, StringComparison.Ordinal);
                Assert.DoesNotContain(Secret, run.Stderr, StringComparison.Ordinal);
                Assert.DoesNotContain("$y$", run.Stderr, StringComparison.Ordinal);
                Assert.True(run.Stderr.Length > 0 || run.Stdout.Contains("warning", StringComparison.Ordinal),
                    $"nothing said about a broken document:\n{run.Stdout}\n{run.Stderr}");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
