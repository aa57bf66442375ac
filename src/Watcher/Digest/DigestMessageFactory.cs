using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace Watcher.Digest;

/// <summary>Builds the digest e-mail: multipart/alternative with a UTF-8 text part and a UTF-8 HTML part.</summary>
public static class DigestMessageFactory
{
    /// <param name="messageId">Our own id, e.g. "&lt;digest-42.a1b2@watcher&gt;"; the digest run records it so a resend can be recognised.</param>
    /// <exception cref="ArgumentException">No recipient, a malformed address or a malformed Message-ID.</exception>
    /// <param name="listUnsubscribe">A mailto: address or an https: URL for the List-Unsubscribe header; null: none.</param>
    /// <param name="listName">The recipient list, named in a List-Id header so filters can sort the lists apart.</param>
    public static MailMessage Create(RenderedDigest digest, string from, IEnumerable<string> to, string messageId,
        string? listUnsubscribe = null, string? listName = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentNullException.ThrowIfNull(to);
        ValidateMessageId(messageId);

        var recipients = to.Where(r => !string.IsNullOrWhiteSpace(r)).ToList();
        if (recipients.Count == 0)
            throw new ArgumentException("The digest needs at least one recipient.", nameof(to));

        var message = new MailMessage
        {
            From = ParseAddress(from, nameof(from)),
            Subject = digest.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        try
        {
            foreach (var recipient in recipients)
                message.To.Add(ParseAddress(recipient, nameof(to)));

            // Two alternate views and no Body: System.Net.Mail then writes exactly one
            // multipart/alternative with the text part first (clients prefer the last part they can show).
            message.AlternateViews.Add(View(digest.Text, MediaTypeNames.Text.Plain));
            message.AlternateViews.Add(View(digest.Html, MediaTypeNames.Text.Html));

            message.Headers.Add("Message-ID", messageId);
            // RFC 3834: tells auto-responders (out-of-office replies) to stay quiet.
            message.Headers.Add("Auto-Submitted", "auto-generated");
            message.Headers.Add("X-Auto-Response-Suppress", "All");
            message.Headers.Add("Precedence", "list");
            if (listUnsubscribe is not null)
            {
                message.Headers.Add("List-Unsubscribe", ListUnsubscribeHeader(listUnsubscribe)
                    ?? throw new ArgumentException($"'{listUnsubscribe}' is neither a mailto: address nor an https: URL.", nameof(listUnsubscribe)));
            }
            if (listName is not null && listName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                message.Headers.Add("List-Id", $"<{listName}.watcher.{message.From.Host}>");
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
        if (!trimmed.Contains(':', StringComparison.Ordinal) && MailAddress.TryCreate(trimmed, out _))
            trimmed = "mailto:" + trimmed;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
            return null;
        var ok = uri.Scheme == Uri.UriSchemeMailto ? MailAddress.TryCreate(uri.UserInfo + "@" + uri.Host, out _)
            : (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;
        return ok ? $"<{trimmed}>" : null;
    }

    private static AlternateView View(string content, string mediaType)
    {
        // Base64: System.Net.Mail's quoted-printable writes line breaks as "=0D=0A", which RFC 2045
        // reserves for binary data; base64 of CRLF text is unambiguous for every client.
        var normalized = content.ReplaceLineEndings("\r\n");
        var view = AlternateView.CreateAlternateViewFromString(normalized, Encoding.UTF8, mediaType);
        view.TransferEncoding = TransferEncoding.Base64;
        return view;
    }

    private static MailAddress ParseAddress(string address, string parameter)
    {
        try
        {
            return new MailAddress(address.Trim(), null, Encoding.UTF8);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"'{address}' is not a valid e-mail address.", parameter, e);
        }
    }

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
