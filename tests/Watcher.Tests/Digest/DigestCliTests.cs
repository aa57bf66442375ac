using Microsoft.EntityFrameworkCore;
using MimeKit;
using Watcher.Data;
using Watcher.Tests.Cli;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Digest;

/// <summary>`watcher digest preview|send|history|resend` as an admin runs them, on two lists, delivering to the outbox.</summary>
[Collection(PostgresCommandCollection.Name)]
public sealed class DigestCliTests(PostgresServer postgres) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("watcher-digest-cli-").FullName;

    [Fact]
    public async Task Preview_send_history_and_resend_per_list()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var outbox = Path.Combine(_work, "outbox");
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__Watcher"] = connectionString,
            ["Digest__OutboxDirectory"] = outbox,
            ["Digest__Lists__0__Name"] = "bamako",
            ["Digest__Lists__0__Recipients__0"] = "bamako@example.org",
            ["Digest__Lists__1__Name"] = "paris",
            ["Digest__Lists__1__Recipients__0"] = "paris@example.org",
            ["Digest__Lists__1__TimeZone"] = "Europe/Paris",
        };
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        await AddHitAsync(connectionString, "Moscou et Bamako signent un accord sur l'or");

        var html = Path.Combine(_work, "preview.html");
        var preview = await WatcherProcess.RunAsync(env, null, "digest", "preview", "--list", "paris", "--out", html);
        Assert.True(preview.ExitCode == 0, preview.Stderr);
        Assert.Contains("et Bamako signent un accord sur l&#39;or", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
        Assert.Contains("Heures de Paris", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
        Assert.False(Directory.Exists(outbox) && Directory.GetFiles(outbox).Length > 0, "preview must not send");

        var send = await WatcherProcess.RunAsync(env, null, "digest", "send", "--list", "paris");
        Assert.True(send.ExitCode == 0, send.Stderr);
        Assert.Contains("list paris", send.Stdout, StringComparison.Ordinal);
        var first = Assert.Single(Directory.GetFiles(outbox, "*.eml"));
        using (var written = await MimeMessage.LoadAsync(first))
            Assert.Equal(["paris@example.org"], written.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("no pending hits", (await WatcherProcess.RunAsync(env, null, "digest", "send", "--list", "paris")).Stdout, StringComparison.Ordinal);

        var history = await WatcherProcess.RunAsync(env, null, "digest", "history");
        Assert.True(history.ExitCode == 0, history.Stderr);
        var row = Assert.Single(history.Stdout.Split('\n'), l => l.Contains("paris", StringComparison.Ordinal) && l.Contains("sent", StringComparison.Ordinal));
        var id = row.Trim().Split(' ')[0];
        Assert.Contains("Mali–Russie — 1 article", row, StringComparison.Ordinal);
        Assert.Matches("<digest\\.paris\\.[0-9a-f]{32}@localhost>", row);

        var resend = await WatcherProcess.RunAsync(env, null, "digest", "resend", id);
        Assert.True(resend.ExitCode == 0, resend.Stderr);
        Assert.Equal(2, Directory.GetFiles(outbox, "*.eml").Length);
        Assert.Contains($"(resend of {id})", (await WatcherProcess.RunAsync(env, null, "digest", "history", "--list", "paris")).Stdout, StringComparison.Ordinal);

        var unknown = await WatcherProcess.RunAsync(env, null, "digest", "send", "--list", "lagos");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no digest list named 'lagos'; configured: bamako, paris", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await WatcherProcess.RunAsync(env, null, "digest", "resend", "999999")).ExitCode);
    }

    [Fact]
    public async Task Send_over_starttls_with_a_password_reports_a_refused_recipient_and_never_logs_the_password()
    {
        const string password = "Pa55-from-the-environment";
        using var certificates = new TestCertificates();
        var certificate = certificates.SelfSigned("relay.watcher.test");
        using var smtp = new SmtpServerFixture(new SmtpServerOptions
        {
            Tls = SmtpServerTls.StartTls, Certificate = certificate, Login = "watcher:" + password,
        });
        var connectionString = await postgres.CreateDatabaseAsync();
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__Watcher"] = connectionString,
            ["Digest__Recipients__0"] = "desk@example.org",
            ["Digest__Recipients__1"] = "reject-departed@example.org",
            ["Smtp__Host"] = smtp.Host,
            ["Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "StartTls",
            ["Smtp__TrustedCertificate"] = certificate.CertificatePath,
            ["Smtp__Username"] = "watcher",
            ["Smtp__Password"] = password,
            // The SMTP conversation at Debug level, as an admin turns it on to diagnose a relay.
            ["Logging__LogLevel__Watcher.Digest.SmtpMailSender"] = "Debug",
        };
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        await AddHitAsync(connectionString, "Moscou et Bamako signent un accord sur l'or");

        var send = await WatcherProcess.RunAsync(env, null, "digest", "send");
        var history = await WatcherProcess.RunAsync(env, null, "digest", "history");

        Assert.True(send.ExitCode == 0, send.Stderr);
        Assert.Contains("Refused by the server (the others got it): reject-departed@example.org (550 5.1.1", send.Stdout, StringComparison.Ordinal);
        Assert.Contains("AUTH PLAIN", send.Stderr, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", send.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(password, send.Stdout + send.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("\0watcher\0" + password)), send.Stderr, StringComparison.Ordinal);
        var mail = Assert.Single(await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20)));
        Assert.Equal(["desk@example.org"], mail.EnvelopeRecipients());
        Assert.Equal(("yes", "PLAIN watcher"), (mail.Header("X-Test-Tls"), mail.Header("X-Test-Auth")));
        Assert.True(history.ExitCode == 0, history.Stderr);
        Assert.Contains("[refused by the server: reject-departed@example.org (550 5.1.1", history.Stdout, StringComparison.Ordinal);
    }

    internal static async Task AddHitAsync(string connectionString, string title)
    {
        using var host = new WatcherTestHost(connectionString);
        await using var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
        var feed = new Feed { Url = "https://journaldumali.example/rss", Name = "Journal du Mali", CreatedAt = DateTimeOffset.UtcNow };
        db.Feeds.Add(feed);
        await db.SaveChangesAsync();
        db.Hits.Add(new Hit
        {
            FeedId = feed.Id, Title = title, Link = "https://journaldumali.example/or", Summary = "Accord minier.",
            Score = 2, PublishedAt = DateTimeOffset.UtcNow.AddMinutes(-20), FoundAt = DateTimeOffset.UtcNow.AddMinutes(-5), MatchedTerms = ["Moscou"],
        });
        await db.SaveChangesAsync();
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
