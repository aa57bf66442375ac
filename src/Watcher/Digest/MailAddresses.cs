using MimeKit;

namespace Watcher.Digest;

/// <summary>
/// The one address check, used at start-up (Smtp:From, the lists' recipients) and when the message is
/// built, so that a setting accepted at start is never refused at send time.
/// </summary>
public static class MailAddresses
{
    // MimeKit's defaults take "desk" (no domain) and other sloppy forms as an address; a digest
    // recipient must be one full mailbox, optionally with a display name.
    private static readonly ParserOptions Strict = new()
    {
        AllowAddressesWithoutDomain = false,
        AddressParserComplianceMode = RfcComplianceMode.Strict,
    };

    /// <summary>"desk@example.org" or "Rédaction &lt;desk@example.org&gt;"; one mailbox, with a domain.</summary>
    public static bool TryParse(string? text, out MailboxAddress mailbox)
    {
        mailbox = null!;
        if (string.IsNullOrWhiteSpace(text) || !MailboxAddress.TryParse(Strict, text.Trim(), out var parsed))
            return false;
        parsed.Encoding = System.Text.Encoding.UTF8;
        mailbox = parsed;
        return true;
    }

    public static bool IsValid(string? text) => TryParse(text, out _);
}
