using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Cli;

/// <summary>The admin commands, run as the real executable against a real database.</summary>
[Collection(PostgresProcessCollection.Name)]
public sealed class CliTests(PostgresServer postgres)
{
    private async Task<Dictionary<string, string>> FreshDatabaseAsync() => new()
    {
        ["ConnectionStrings__Watcher"] = await postgres.CreateDatabaseAsync(),
    };

    [Fact]
    public async Task EveryCommandHasHelpInEnglishWhateverTheMachinesLanguage()
    {
        // Turkish is the usual trap (dotless i, its own help strings); Watcher's words are English, and
        // so are the framework's around them.
        var turkish = new Dictionary<string, string> { ["LANG"] = "tr_TR.UTF-8", ["LC_ALL"] = "tr_TR.UTF-8" };
        foreach (var command in new[] { "run", "migrate", "poll", "feeds add", "feeds list", "feeds remove", "feeds check", "feeds reset",
                     "feeds import", "feeds export", "digest send", "digest preview", "digest history", "digest resend", "keywords list",
                     "keywords add", "keywords remove", "keywords learn", "keywords history", "classify", "eval", "feedback add", "feedback list", "health", "lists", "lists resubscribe" })
        {
            var (code, stdout, _) = await WatcherProcess.RunAsync(turkish, null, [.. command.Split(' '), "--help"]);
            Assert.True(code == 0, $"`watcher {command} --help` exited {code}");
            Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
            Assert.Contains("Options:", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FeedsAddIsIdempotentAndListShowsStatusThenRemove()
    {
        var env = await FreshDatabaseAsync();
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);

        var first = await WatcherProcess.RunAsync(env, null, "feeds", "add", "https://news.example/rss.xml", "--name", "News");
        var second = await WatcherProcess.RunAsync(env, null, "feeds", "add", "https://news.example/rss.xml");
        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.StartsWith("Added", first.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("Already there", second.Stdout, StringComparison.Ordinal);

        var list = await WatcherProcess.RunAsync(env, null, "feeds", "list");
        Assert.Equal(0, list.ExitCode);
        var row = Assert.Single(list.Stdout.Split('\n'), line => line.Contains("news.example", StringComparison.Ordinal));
        Assert.Contains("News", row, StringComparison.Ordinal);
        Assert.Contains("new", row, StringComparison.Ordinal);

        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "feeds", "remove", "https://news.example/rss.xml")).ExitCode);
        var again = await WatcherProcess.RunAsync(env, null, "feeds", "remove", "https://news.example/rss.xml");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no feed with URL", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeywordsLearnAddRemoveAndClassify()
    {
        var env = await FreshDatabaseAsync();
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        var learn = await WatcherProcess.RunAsync(env, null, "keywords", "learn", "--yes");
        Assert.True(learn.ExitCode == 0, learn.Stderr);
        Assert.Contains("Learned", learn.Stdout, StringComparison.Ordinal);

        // An admin switches a learned term off and adds one; a re-learn keeps both decisions.
        var learnedLine = (await WatcherProcess.RunAsync(env, null, "keywords", "list")).Stdout
            .Split('\n').First(line => line.Contains(" learned ", StringComparison.Ordinal));
        var learnedTerm = learnedLine[(learnedLine.IndexOf(" learned ", StringComparison.Ordinal) + " learned ".Length)..].Trim();
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "keywords", "remove", learnedTerm)).ExitCode);
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "keywords", "add", "nioro", "--weight", "2", "--facet", "mali")).ExitCode);
        var relearn = await WatcherProcess.RunAsync(env, null, "keywords", "learn", "--yes");
        Assert.Equal(0, relearn.ExitCode);
        var list = (await WatcherProcess.RunAsync(env, null, "keywords", "list")).Stdout;
        Assert.Contains("(off) " + learnedTerm, list, StringComparison.Ordinal);
        Assert.Matches(@"mali\s+2\.00\s+admin\s+nioro", list);

        var input = """
            {"id":"a","title":"Vladimir Poutine reçoit Assimi Goïta au Kremlin","text":"Le Mali et la Russie renforcent leur coopération militaire."}
            {"id":"b","title":"Arm's new Mali GPU","text":"A faster graphics chip for phones."}
            """;
        var classify = await WatcherProcess.RunAsync(env, input, "classify");
        Assert.Equal(0, classify.ExitCode);
        var lines = classify.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"id\":\"a\",\"relevant\":true", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"id\":\"b\",\"relevant\":false", lines[1], StringComparison.Ordinal);

        var explained = await WatcherProcess.RunAsync(env, input, "classify", "--explain");
        Assert.Contains("\"reason\"", explained.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"threshold\"", explained.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Digest__TimeZone", "Mars/Olympus_Mons", "Digest:TimeZone")]
    [InlineData("Digest__Cron", "every morning", "Digest:Cron")]
    [InlineData("Polling__Interval", "00:00:01", "Polling:Interval")]
    [InlineData("Polling__Interval", "ten minutes", "Polling:Interval")]
    [InlineData("ConnectionStrings__Watcher", "", "ConnectionStrings:Watcher")]
    [InlineData("Relevance__MinBackgroundItems", "5000", "Relevance:MinBackgroundItems")]
    [InlineData("Digest__RetryDelays__0", "abc", "Digest:RetryDelays:0")]
    [InlineData("Digest__RetryDelays__1", "-00:05:00", "Digest:RetryDelays:1")]
    [InlineData("Logging__LogLevel__Default", "Loud", "Logging:LogLevel:Default")]
    [InlineData("Logging__Console__LogLevel__Watcher", "Verbose", "Logging:Console:LogLevel:Watcher")]
    public async Task WrongSettingStopsWithOneLineNamingTheKey(string variable, string value, string key)
    {
        var env = await FreshDatabaseAsync();
        env[variable] = value;
        var (code, _, stderr) = await WatcherProcess.RunAsync(env, null, "feeds", "list");
        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(key, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedsCheckNamesAWrongPollingSettingBeforeFetching()
    {
        var env = new Dictionary<string, string> { ["Polling__UserAgent"] = "bad\u0001agent" };
        var (code, _, stderr) = await WatcherProcess.RunAsync(env, null, "feeds", "check", "http://127.0.0.1:1/feed.xml");
        Assert.Equal(2, code);
        Assert.Contains("Polling:UserAgent", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableDatabaseIsOneClearLine()
    {
        var env = new Dictionary<string, string> { ["ConnectionStrings__Watcher"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=3" };
        var (code, _, stderr) = await WatcherProcess.RunAsync(env, null, "feeds", "list");
        Assert.Equal(3, code);
        Assert.StartsWith("watcher: database error", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOutboxThatCannotBeWrittenIsAConfigurationErrorAtStart()
    {
        var env = await FreshDatabaseAsync();
        var file = Path.GetTempFileName();
        try
        {
            env["Digest__OutboxDirectory"] = Path.Combine(file, "outbox");
            var (code, _, stderr) = await WatcherProcess.RunAsync(env, null, "feeds", "list");
            Assert.Equal(2, code);
            Assert.Contains("Digest:OutboxDirectory", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

            // With an SMTP server configured the outbox is not used, so it does not matter.
            env["Smtp__Host"] = "127.0.0.1";
            env["Digest__Recipients__0"] = "desk@example.org";
            Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TheServiceReportsAWrongSettingAsOneLineWithoutAStackTrace()
    {
        var env = await FreshDatabaseAsync();
        env["Digest__TimeZone"] = "Mars/Olympus_Mons";
        var (code, stdout, stderr) = await WatcherProcess.RunAsync(env, null, "run");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("Digest:TimeZone", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedDigestSendPrintsOnlyItsOneLine()
    {
        var env = await FreshDatabaseAsync();
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        await Digest.DigestCliTests.AddHitAsync(env["ConnectionStrings__Watcher"], "Moscou et Bamako signent un accord sur l'or");
        env["Smtp__Host"] = "127.0.0.1";
        env["Smtp__Port"] = "1";
        env["Digest__Recipients__0"] = "desk@example.org";

        var (code, stdout, stderr) = await WatcherProcess.RunAsync(env, null, "digest", "send");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("watcher: digest ", line, StringComparison.Ordinal);
        Assert.Contains("stay pending", line, StringComparison.Ordinal);
    }
}
