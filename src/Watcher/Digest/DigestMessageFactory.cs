using System.Text;
using MimeKit;

namespace Watcher.Digest;

/// <summary>Builds the digest e-mail: multipart/alternative with a UTF-8 text part and a UTF-8 HTML part.</summary>
public static class DigestMessageFactory
{
    /// <param name="messageId">Our own id, e.g. "&lt;digest-42.a1b2@watcher&gt;"; the digest run records it so a resend can be recognised.</param>
    /// <param name="listUnsubscribe">A mailto: address or an https: URL for the List-Unsubscribe header; null: none.</param>
    /// <param name="listName">The recipient list, named in a List-Id header so filters can sort the lists apart.</param>
    /// <param name="date">The Date header; null: now on the system clock.</param>
    /// <param name="oneClickUnsubscribe">The recipient's own signed unsubscribe URL: listed first in List-Unsubscribe,
    /// with List-Unsubscribe-Post for RFC 8058 one-click; null: only <paramref name="listUnsubscribe"/>.</param>
    /// <exception cref="ArgumentException">No recipient, a malformed address or a malformed Message-ID.</exception>
    public static MimeMessage Create(RenderedDigest digest, string from, IEnumerable<string> to, string messageId,
        string? listUnsubscribe = null, string? listName = null, DateTimeOffset? date = null, string? oneClickUnsubscribe = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentNullException.ThrowIfNull(to);
        ValidateMessageId(messageId);

        var recipients = to.Where(r => !string.IsNullOrWhiteSpace(r)).ToList();
        if (recipients.Count == 0)
            throw new ArgumentException("The digest needs at least one recipient.", nameof(to));

        var sender = ParseAddress(from, nameof(from));
        var message = new MimeMessage();
        try
        {
            message.From.Add(sender);
            foreach (var recipient in recipients)
                message.To.Add(ParseAddress(recipient, nameof(to)));
            message.Headers.Replace(HeaderId.Subject, Encoding.UTF8, digest.Subject);
            message.Date = date ?? DateTimeOffset.Now;
            message.MessageId = messageId[1..^1];

            // RFC 3834: tells auto-responders (out-of-office replies) to stay quiet.
            message.Headers.Add("Auto-Submitted", "auto-generated");
            message.Headers.Add("X-Auto-Response-Suppress", "All");
            message.Headers.Add("Precedence", "list");
            var unsubscribe = new List<string>();
            if (oneClickUnsubscribe is not null)
            {
                unsubscribe.Add(ListUnsubscribeHeader(oneClickUnsubscribe) is { } own && own.StartsWith("<http", StringComparison.Ordinal)
                    ? own : throw new ArgumentException($"'{oneClickUnsubscribe}' is not an http(s) URL.", nameof(oneClickUnsubscribe)));
            }
            if (!string.IsNullOrWhiteSpace(listUnsubscribe))
            {
                unsubscribe.Add(ListUnsubscribeHeader(listUnsubscribe)
                    ?? throw new ArgumentException($"'{listUnsubscribe}' is neither a mailto: address nor an https: URL.", nameof(listUnsubscribe)));
            }
            if (unsubscribe.Count > 0)
                message.Headers.Add("List-Unsubscribe", string.Join(", ", unsubscribe));
            // RFC 8058: a mail client may POST "List-Unsubscribe=One-Click" to the URL without showing a page.
            if (oneClickUnsubscribe is not null)
                message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            if (listName is not null && listName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                message.Headers.Add("List-Id", $"<{listName}.watcher.{sender.Domain}>");

            // Text first: clients show the last alternative they can render.
            message.Body = new MultipartAlternative
            {
                Part("plain", digest.Text),
                Part("html", digest.Html),
            };
            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <summary>RFC 2369 form, "&lt;mailto:x@y&gt;" or "&lt;https://...&gt;"; null when the value is neither.</summary>
    public static string? ListUnsubscribeHeader(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Any(c => c < ' ' || c is '<' or '>' or ' ' or '\u007F'))
            return null;
        if (!trimmed.Contains(':', StringComparison.Ordinal) && MailAddresses.IsValid(trimmed))
            trimmed = "mailto:" + trimmed;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
            return null;
        var ok = uri.Scheme == Uri.UriSchemeMailto ? MailAddresses.IsValid(uri.UserInfo + "@" + uri.Host)
            : (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;
        return ok ? $"<{trimmed}>" : null;
    }

    private static TextPart Part(string subtype, string content)
    {
        var part = new TextPart(subtype)
        {
            // Base64 of CRLF text: no line-length or trailing-space rules for any relay to break.
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        part.SetText(Encoding.UTF8, content.ReplaceLineEndings("\r\n"));
        return part;
    }

    private static MailboxAddress ParseAddress(string address, string parameter) =>
        MailAddresses.TryParse(address, out var mailbox)
            ? mailbox
            : throw new ArgumentException($"'{address}' is not a valid e-mail address.", parameter);

    private static void ValidateMessageId(string messageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        var at = messageId.IndexOf('@', StringComparison.Ordinal);
        var valid = messageId.Length > 4
            && messageId[0] == '<'
            && messageId[^1] == '>'
            && at > 1 && at < messageId.Length - 2
            && messageId.IndexOf('@', at + 1) < 0
            && messageId.All(c => c is > ' ' and < '\u007F' && c is not ('(' or ')' or ',' or ';' or ':' or '\\' or '"' or '[' or ']'))
            && messageId.AsSpan(1, messageId.Length - 2).IndexOfAny('<', '>') < 0;
        if (!valid)
            throw new ArgumentException($"'{messageId}' is not a Message-ID of the form <left@right>.", nameof(messageId));
    }
}
