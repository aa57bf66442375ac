using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Watcher.Digest;

namespace Watcher.Links;

/// <summary>
/// Makes each recipient's signed links, and the placeholders a digest is recorded with: a run is rendered
/// and stored once, and every recipient's message replaces the placeholders with that recipient's links.
/// </summary>
public sealed partial class DigestLinkFactory(LinkTokens tokens, IOptions<DigestLinkOptions> options)
{
    private const string SlotHost = "https://slot.watcher.invalid/";

    /// <summary>Http:PublicBaseUrl is set: digests carry links.</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>A recipient's real links; null when links are off.</summary>
    public IDigestLinks? For(string list, string recipient) =>
        options.Value.BaseUrl is { } baseUrl ? new SignedLinks(tokens, baseUrl, list, recipient) : null;

    /// <summary>A fresh random slot: no feed text written before the run can contain its placeholders.</summary>
    public static string NewSlot() => Guid.NewGuid().ToString("N");

    /// <summary>Placeholders the renderer writes where each recipient's links go.</summary>
    public static IDigestLinks Placeholders(string slot) => new PlaceholderLinks(slot);

    /// <summary>The body with this slot's placeholders replaced by <paramref name="links"/>.</summary>
    public static string Fill(string body, string slot, IDigestLinks links)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!SlotPattern().IsMatch(slot))
            throw new ArgumentException($"'{slot}' is not a link slot", nameof(slot));
        var pattern = new Regex(Regex.Escape(SlotHost + slot + "/") + "(?:feedback/(?<hit>[0-9]{1,19})|(?<kind>missed|unsubscribe))",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        return pattern.Replace(body, match => match.Groups["hit"].Success
            ? links.Feedback(long.Parse(match.Groups["hit"].Value, CultureInfo.InvariantCulture))
            : match.Groups["kind"].Value == "missed" ? links.Missed() : links.Unsubscribe());
    }

    /// <summary>
    /// The recorded body for an admin's eyes: each placeholder becomes an inert in-page anchor, so that a
    /// page showing it neither points at the placeholder host nor acts as any recipient.
    /// </summary>
    public static string Inert(string body, string? slot) =>
        slot is null || !SlotPattern().IsMatch(slot) ? body : Fill(body, slot, InertLinks.Instance);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex SlotPattern();

    /// <summary>Each link made once: the text and HTML parts (and the header) of one message show the same one.</summary>
    private sealed class SignedLinks(LinkTokens tokens, string baseUrl, string list, string recipient) : IDigestLinks
    {
        private readonly Dictionary<long, string> _feedback = [];
        private string? _missed;
        private string? _unsubscribe;

        public string Feedback(long hitId)
        {
            if (!_feedback.TryGetValue(hitId, out var link))
                _feedback[hitId] = link = $"{baseUrl}/feedback/{tokens.Create(LinkKind.Feedback, list, recipient, hitId)}";
            return link;
        }

        public string Missed() => _missed ??= $"{baseUrl}/missed/{tokens.Create(LinkKind.Missed, list, recipient)}";

        public string Unsubscribe() => _unsubscribe ??= $"{baseUrl}/unsubscribe/{tokens.Create(LinkKind.Unsubscribe, list, recipient)}";
    }

    private sealed class InertLinks : IDigestLinks
    {
        public static readonly InertLinks Instance = new();

        public string Feedback(long hitId) => "#recipient-link";

        public string Missed() => "#recipient-link";

        public string Unsubscribe() => "#recipient-link";
    }

    private sealed class PlaceholderLinks(string slot) : IDigestLinks
    {
        public string Feedback(long hitId) => string.Create(CultureInfo.InvariantCulture, $"{SlotHost}{slot}/feedback/{hitId}");

        public string Missed() => $"{SlotHost}{slot}/missed";

        public string Unsubscribe() => $"{SlotHost}{slot}/unsubscribe";
    }
}
