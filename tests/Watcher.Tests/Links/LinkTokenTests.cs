using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Watcher.Links;
using Watcher.Tests.Digest;
using Xunit;

namespace Watcher.Tests.Links;

/// <summary>The tokens alone: what they carry, what breaks them, and time driven by the test's clock.</summary>
public sealed class LinkTokenTests
{
    private readonly ManualClock _clock = new(DigestTestData.Morning);
    private readonly EphemeralDataProtectionProvider _keys = new();

    private LinkTokens Tokens(IDataProtectionProvider? keys = null, TimeSpan? lifetime = null) =>
        new(keys ?? _keys, Options.Create(new DigestLinkOptions { PublicBaseUrl = "https://watcher.desk.example", LinkLifetime = lifetime ?? TimeSpan.FromDays(30) }), _clock);

    [Fact]
    public void A_token_says_its_kind_list_recipient_and_hit_and_is_url_safe()
    {
        var token = Tokens().Create(LinkKind.Feedback, "bamako", "Redaction@Example.org", 42);

        Assert.Equal(LinkCheck.Valid, Tokens().Read(LinkKind.Feedback, token, out var claims));
        Assert.Equal(new LinkClaims(LinkKind.Feedback, "bamako", "Redaction@Example.org", 42, DigestTestData.Morning.AddDays(30)), claims);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void A_token_is_valid_only_for_its_own_kind_and_keys()
    {
        var tokens = Tokens();
        var feedback = tokens.Create(LinkKind.Feedback, "desk", "a@example.org", 1);
        var unsubscribe = tokens.Create(LinkKind.Unsubscribe, "desk", "a@example.org");

        Assert.Equal(LinkCheck.Invalid, tokens.Read(LinkKind.Unsubscribe, feedback, out _));
        Assert.Equal(LinkCheck.Invalid, tokens.Read(LinkKind.Feedback, unsubscribe, out _));
        Assert.Equal(LinkCheck.Invalid, tokens.Read(LinkKind.Missed, feedback, out _));
        // Another installation's keys.
        Assert.Equal(LinkCheck.Invalid, Tokens(new EphemeralDataProtectionProvider()).Read(LinkKind.Feedback, feedback, out _));
    }

    [Fact]
    public void Any_changed_character_breaks_a_token()
    {
        var tokens = Tokens();
        var token = tokens.Create(LinkKind.Missed, "desk", "a@example.org");

        for (var i = 0; i < token.Length; i += 7)
        {
            var changed = token[..i] + (token[i] == 'x' ? 'y' : 'x') + token[(i + 1)..];
            Assert.Equal(LinkCheck.Invalid, tokens.Read(LinkKind.Missed, changed, out var claims));
            Assert.Null(claims);
        }
        Assert.Equal(LinkCheck.Invalid, tokens.Read(LinkKind.Missed, token[..^1], out _));
        Assert.Equal(LinkCheck.Invalid, tokens.Read(LinkKind.Missed, "", out _));
        Assert.Equal(LinkCheck.Invalid, tokens.Read(LinkKind.Missed, "not base64!", out _));
        Assert.Equal(LinkCheck.Invalid, tokens.Read(LinkKind.Missed, new string('A', LinkTokens.MaxTokenChars + 1), out _));
    }

    [Fact]
    public void Feedback_and_missed_links_expire_after_their_lifetime_and_unsubscribe_links_never()
    {
        var tokens = Tokens(lifetime: TimeSpan.FromDays(7));
        var feedback = tokens.Create(LinkKind.Feedback, "desk", "a@example.org", 9);
        var missed = tokens.Create(LinkKind.Missed, "desk", "a@example.org");
        var unsubscribe = tokens.Create(LinkKind.Unsubscribe, "desk", "a@example.org");

        _clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(LinkCheck.Valid, tokens.Read(LinkKind.Feedback, feedback, out _));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LinkCheck.Expired, tokens.Read(LinkKind.Feedback, feedback, out var expired));
        Assert.Equal("desk", expired!.List);
        Assert.Equal(LinkCheck.Expired, tokens.Read(LinkKind.Missed, missed, out _));
        _clock.Advance(TimeSpan.FromDays(3650));
        Assert.Equal(LinkCheck.Valid, tokens.Read(LinkKind.Unsubscribe, unsubscribe, out var forever));
        Assert.Null(forever!.Expires);
    }

    [Theory]
    [InlineData("https://watcher.desk.example", "30.00:00:00", true)]
    [InlineData("https://desk.example/watcher/", "01:00:00", true)]
    [InlineData("", "30.00:00:00", true)]
    [InlineData("watcher.desk.example", "30.00:00:00", false)]
    [InlineData("ftp://watcher.desk.example", "30.00:00:00", false)]
    [InlineData("https://watcher.desk.example/?a=1", "30.00:00:00", false)]
    [InlineData("https://user:pw@watcher.desk.example", "30.00:00:00", false)]
    public void The_public_address_must_be_an_http_url_without_query(string url, string lifetime, bool valid)
    {
        var result = new DigestLinkOptionsValidator().Validate(null, new DigestLinkOptions
        {
            PublicBaseUrl = url,
            LinkLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
            Assert.StartsWith("Http:PublicBaseUrl must be", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:59:59")]
    [InlineData("366.00:00:00")]
    public void The_lifetime_is_between_an_hour_and_a_year(string lifetime)
    {
        var result = new DigestLinkOptionsValidator().Validate(null, new DigestLinkOptions
        {
            LinkLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.StartsWith("Feedback:LinkLifetime must be", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholders_of_another_slot_are_left_as_they_are()
    {
        var slot = DigestLinkFactory.NewSlot();
        var links = DigestLinkFactory.Placeholders(slot);
        var forged = DigestLinkFactory.Placeholders(DigestLinkFactory.NewSlot()).Feedback(7);
        var body = $"{links.Feedback(12)} {links.Missed()} {links.Unsubscribe()} {forged}";

        var filled = DigestLinkFactory.Fill(body, slot, new FixedLinks());

        Assert.Equal($"F12 M U {forged}", filled);
    }

    [Fact]
    public void An_admin_sees_a_recorded_body_with_inert_anchors_where_each_recipients_links_go()
    {
        var slot = DigestLinkFactory.NewSlot();
        var links = DigestLinkFactory.Placeholders(slot);
        var body = $"<a href=\"{links.Feedback(12)}\">Pas pertinent</a> {links.Missed()} {links.Unsubscribe()}";

        Assert.Equal("<a href=\"#recipient-link\">Pas pertinent</a> #recipient-link #recipient-link", DigestLinkFactory.Inert(body, slot));
        Assert.Equal(body, DigestLinkFactory.Inert(body, null));
    }

    private sealed class FixedLinks : Watcher.Digest.IDigestLinks
    {
        public string Feedback(long hitId) => "F" + hitId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public string Missed() => "M";

        public string Unsubscribe() => "U";
    }
}
