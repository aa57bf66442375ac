using Microsoft.Extensions.Options;
using Watcher.Digest;
using Watcher.Tests.EndToEnd;
using Xunit;

namespace Watcher.Tests.Digest;

/// <summary>The Digest section as an admin writes it: the old single-list keys, the Lists array, and clear errors.</summary>
public sealed class DigestOptionsTests
{
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Database=none;Username=none";

    private static DigestOptions Bind(Dictionary<string, string?> settings)
    {
        using var host = new WatcherTestHost(NoDatabase, settings);
        return host.Get<IOptions<DigestOptions>>().Value;
    }

    [Fact]
    public void Single_list_keys_still_make_the_default_desk_list()
    {
        var list = Assert.Single(Bind(new()
        {
            ["Digest:Recipients:0"] = "desk@example.org",
            ["Digest:Cron"] = "0 30 6 * * ?",
            ["Digest:TimeZone"] = "Europe/Paris",
        }).ResolveLists());

        Assert.Equal(("desk", "0 30 6 * * ?", "Europe/Paris", "fr", false), (list.Name, list.Cron, list.TimeZone.Id, list.Language, list.SendWhenEmpty));
        Assert.Equal(["desk@example.org"], list.Recipients);
        Assert.Null(list.AlertScore);
    }

    [Fact]
    public void Lists_take_their_own_settings_and_inherit_the_rest()
    {
        var lists = Bind(new()
        {
            ["Digest:Recipients:0"] = "default@example.org",
            ["Digest:ListUnsubscribe"] = "https://watcher.example/unsubscribe",
            ["Digest:Lists:0:Name"] = "bamako",
            ["Digest:Lists:0:AlertScore"] = "6.5",
            ["Digest:Lists:1:Name"] = "paris",
            ["Digest:Lists:1:Recipients:0"] = "paris@example.org",
            ["Digest:Lists:1:Cron"] = "0 0 8 * * ?",
            ["Digest:Lists:1:TimeZone"] = "Europe/Paris",
            ["Digest:Lists:1:Language"] = "en",
            ["Digest:Lists:1:SendWhenEmpty"] = "true",
        }).ResolveLists();

        Assert.Equal(["bamako", "paris"], lists.Select(l => l.Name));
        Assert.Equal(["default@example.org"], lists[0].Recipients);
        Assert.Equal(("Africa/Bamako", 6.5, false), (lists[0].TimeZone.Id, lists[0].AlertScore, lists[0].SendWhenEmpty));
        Assert.Equal(["paris@example.org"], lists[1].Recipients);
        Assert.Equal(("Europe/Paris", "en", true, "0 0 8 * * ?"), (lists[1].TimeZone.Id, lists[1].Language, lists[1].SendWhenEmpty, lists[1].Cron));
        Assert.All(lists, l => Assert.Equal("https://watcher.example/unsubscribe", l.ListUnsubscribe));
    }

    [Fact]
    public void Retry_delays_from_configuration_replace_the_default_ladder()
    {
        var options = Bind(new() { ["Digest:RetryDelays:0"] = "00:02:00", ["Digest:RetryDelays:1"] = "00:10:00" });

        Assert.Equal([TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)], options.EffectiveRetryDelays);
        Assert.Equal(DigestOptions.DefaultRetryDelays, Bind([]).EffectiveRetryDelays);
    }

    [Fact]
    public void Wrong_settings_are_refused_naming_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Digest:Lists:0:Name"] = "bamako",
            ["Digest:Lists:1:Name"] = "paris",
            ["Digest:Lists:1:TimeZone"] = "Europe/Pariss",
            ["Digest:Lists:1:Cron"] = "every morning",
            ["Digest:Lists:2:Name"] = "Bamako",
            ["Digest:Lists:2:Language"] = "de",
            ["Digest:Lists:2:ListUnsubscribe"] = "javascript:alert(1)",
            ["Smtp:Host"] = "127.0.0.1",
        }));

        var failures = string.Join("\n", error.Failures);
        Assert.Contains("Digest:Lists:1:TimeZone must be an IANA time zone", failures, StringComparison.Ordinal);
        Assert.Contains("Digest:Lists:1:Cron must be a cron expression", failures, StringComparison.Ordinal);
        Assert.Contains("Digest:Lists:2:Name 'Bamako' is used by two lists", failures, StringComparison.Ordinal);
        Assert.Contains("Digest:Lists:2:Language must be fr or en", failures, StringComparison.Ordinal);
        Assert.Contains("Digest:Lists:2:ListUnsubscribe must be a mailto: address or an https:// URL", failures, StringComparison.Ordinal);
        Assert.Contains("Digest:Lists:0:Recipients (or Digest:Recipients) must name at least one address when Smtp:Host is set", failures, StringComparison.Ordinal);
    }

    [Theory]
    // No Smtp:Host: the outbox still writes From, and a list without recipients is addressed to it.
    [InlineData("Smtp:From", "not an address", "Smtp:From must be an e-mail address")]
    [InlineData("Smtp:From", "", "Smtp:From must be an e-mail address")]
    [InlineData("Smtp:Timeout", "00:00:00", "Smtp:Timeout must be a positive duration")]
    [InlineData("Smtp:Timeout", "-00:00:10", "Smtp:Timeout must be a positive duration")]
    // A claimed digest is sent to the end when the service stops: the send must fit in the shutdown wait.
    [InlineData("Smtp:Timeout", "00:05:00", "Smtp:Timeout must be shorter than the service's shutdown timeout (00:02:00)")]
    public void Wrong_smtp_settings_are_refused_naming_the_key(string key, string value, string message)
    {
        // One OptionsValidationException (not an AggregateException), which the CLI prints as a configuration error.
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(error.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Default_smtp_timeout_fits_the_shutdown_wait()
    {
        using var host = new WatcherTestHost(NoDatabase, new Dictionary<string, string?> { ["Smtp:Timeout"] = "00:01:30" });
        var settings = host.Get<IOptions<SmtpSettings>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(90), settings.Timeout);
        Assert.True(new SmtpSettings().Timeout < WatcherHost.ShutdownTimeout);
    }

    [Theory]
    [InlineData("mailto:stop@watcher.example", "<mailto:stop@watcher.example>")]
    [InlineData("stop@watcher.example", "<mailto:stop@watcher.example>")]
    [InlineData("https://watcher.example/u?list=desk", "<https://watcher.example/u?list=desk>")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("https://watcher.example/u>\r\nBcc: x@y", null)]
    public void List_unsubscribe_header_takes_mailto_or_web_addresses_only(string value, string? header)
    {
        Assert.Equal(header, DigestMessageFactory.ListUnsubscribeHeader(value));
    }
}
