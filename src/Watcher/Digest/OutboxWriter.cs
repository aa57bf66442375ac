using System.Text;
using MimeKit;

namespace Watcher.Digest;

/// <summary>
/// Writes the digest as an .eml file instead of sending it (no SMTP configured): the very message
/// the SMTP client would send (CRLF line ends, the same headers), so it opens in Outlook or
/// Thunderbird as-is and can be re-sent by hand.
/// </summary>
public sealed class OutboxWriter : IDigestTransport
{
    private static readonly FormatOptions Format = CreateFormat();

    private readonly string _directory;
    private readonly TimeProvider _time;

    public OutboxWriter(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        _time = time ?? TimeProvider.System;
    }

    public string Directory => _directory;

    /// <summary>
    /// The file is complete once it has its final name (the rename is atomic), so a crash leaves either
    /// no digest at all or a whole one: <see cref="FindWritten"/> tells which.
    /// </summary>
    /// <returns>Full path of the new file, <c>digest-&lt;yyyyMMdd-HHmmss UTC&gt;-&lt;id&gt;.eml</c>.</returns>
    private async Task<string> WriteAsync(MimeMessage message, IDeliveryProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(progress);
        if (message.From.Mailboxes.FirstOrDefault() is null)
            throw new ArgumentException("The message has no From address.", nameof(message));
        progress.Writing(_directory);

        // Written under a hidden name that does not end in .eml, then renamed on the same disk: whatever
        // picks up "*.eml" from the folder (a script, a test) never sees half a message.
        var staging = Path.Combine(_directory, $".staging-{Guid.NewGuid():N}.tmp");
        try
        {
            System.IO.Directory.CreateDirectory(_directory);
            await using (var file = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                await message.WriteToAsync(Format, file, cancellationToken).ConfigureAwait(false);

            var target = Path.Combine(_directory, FileName(message));
            File.Move(staging, target, overwrite: false);
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DigestDeliveryException($"Writing the digest to the outbox {_directory} failed: {e.Message}", e);
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>One file per message; <see cref="DeliveryReceipt.DeliveredTo"/> is the first file, or the folder for several.</summary>
    public async Task<DeliveryReceipt> DeliverAsync(IReadOnlyList<MimeMessage> messages, IDeliveryProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
            throw new ArgumentException("Nothing to write.", nameof(messages));
        var written = new List<string>();
        var failed = new List<RejectedRecipient>();
        DigestDeliveryException? first = null;
        foreach (var message in messages)
        {
            try
            {
                written.Add(await WriteAsync(message, progress, cancellationToken).ConfigureAwait(false));
            }
            catch (DigestDeliveryException e)
            {
                first ??= e;
                failed.AddRange(message.To.Mailboxes.Select(m => new RejectedRecipient(m.Address, e.Message)));
            }
        }
        if (written.Count == 0)
            throw first!;
        return new DeliveryReceipt(messages.Count == 1 ? written[0] : $"{written.Count} file(s) in {_directory}", failed);
    }

    /// <summary>
    /// The .eml files written in <paramref name="directory"/> for a run's Message-ID: the run's own, or
    /// its recipients' (the same left part followed by ".N", N the recipient's place from 1).
    /// </summary>
    /// <exception cref="IOException">The folder cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be read.</exception>
    public static IReadOnlyList<(string Path, int? RecipientNumber)> FindWritten(string directory, string runMessageId)
    {
        var id = IdPart(runMessageId);
        var found = new List<(string, int?)>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, $"digest-*-{id}*.eml"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var rest = name[(name.LastIndexOf(id, StringComparison.Ordinal) + id.Length)..];
            if (rest.Length == 0)
                found.Add((path, null));
            else if (rest[0] == '.' && int.TryParse(rest.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
                found.Add((path, number));
        }
        return found;
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private string FileName(MimeMessage message)
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return $"digest-{stamp}-{IdPart(message.MessageId)}.eml";
    }

    /// <summary>
    /// The Message-ID's left part, reduced to file-name-safe characters, ties the file to its digest run;
    /// long enough for a 40-character list name and the whole GUID, so no two runs share it.
    /// </summary>
    private static string IdPart(string? messageId)
    {
        var sb = new StringBuilder();
        foreach (var c in (messageId ?? "").Trim('<', '>', ' ').Split('@')[0])
        {
            if (sb.Length >= 96)
                break;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
                sb.Append(c);
        }
        // Digest Message-IDs always have a left part; only a hand-made message could lack one.
        return sb.Length > 0 ? sb.ToString() : Guid.NewGuid().ToString("N")[..12];
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // A leftover hidden staging file is harmless; the digest itself was handled above.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
