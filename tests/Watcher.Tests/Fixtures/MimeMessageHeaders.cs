using MimeKit;

namespace Watcher.Tests.Fixtures;

/// <summary>Header look-ups for assertions: by name, case-insensitive, repeated headers kept in order.</summary>
public static class MimeMessageHeaders
{
    /// <returns>Decoded, unfolded values.</returns>
    public static IReadOnlyList<string> HeaderValues(this MimeMessage message, string name) =>
        [.. message.Headers.Where(h => string.Equals(h.Field, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim())];

    /// <summary>The first value, or null.</summary>
    public static string? Header(this MimeMessage message, string name) =>
        message.HeaderValues(name) is [var first, ..] ? first : null;

    /// <summary>The raw header as written on the wire (folded, encoded-words intact).</summary>
    public static string? RawHeader(this MimeMessage message, string name) =>
        message.Headers.FirstOrDefault(h => string.Equals(h.Field, name, StringComparison.OrdinalIgnoreCase)) is { } header
            ? System.Text.Encoding.ASCII.GetString(header.RawValue)
            : null;

    /// <summary>The envelope recipients aiosmtpd's Mailbox accepted, from its X-RcptTo header.</summary>
    public static IReadOnlyList<string> EnvelopeRecipients(this MimeMessage message) =>
        [.. (message.Header("X-RcptTo") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
