using System.Net.Mail;
using System.Text;

namespace Watcher.Digest;

/// <summary>
/// Writes the digest as an .eml file instead of sending it (no SMTP configured). The file is the
/// exact message System.Net.Mail would send, so it opens in Outlook or Thunderbird as-is.
/// </summary>
public sealed class OutboxWriter : IDigestTransport
{
    private readonly string _directory;
    private readonly TimeProvider _time;

    public OutboxWriter(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        _time = time ?? TimeProvider.System;
    }

    public string Directory => _directory;

    /// <returns>Full path of the new file, <c>digest-&lt;yyyyMMdd-HHmmss UTC&gt;-&lt;id&gt;.eml</c>.</returns>
    public async Task<string> WriteAsync(MailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.From is null)
            throw new ArgumentException("The message has no From address.", nameof(message));

        // SmtpClient picks its own random file name; writing into a private folder on the same
        // disk makes the file ours to find and lets the final move be atomic.
        var staging = Path.Combine(_directory, $".staging-{Guid.NewGuid():N}");
        try
        {
            System.IO.Directory.CreateDirectory(staging);
            using (var client = new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = staging,
            })
            {
                await client.SendMailAsync(message, cancellationToken).ConfigureAwait(false);
            }

            var written = System.IO.Directory.GetFiles(staging);
            if (written.Length != 1)
                throw new DigestDeliveryException($"Expected one .eml file in {staging}, found {written.Length}.");

            var target = Path.Combine(_directory, FileName(message));
            File.Move(written[0], target, overwrite: false);
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SmtpException)
        {
            throw new DigestDeliveryException($"Writing the digest to the outbox {_directory} failed: {e.Message}", e);
        }
        finally
        {
            TryDelete(staging);
        }
    }

    public Task<string> DeliverAsync(MailMessage message, CancellationToken cancellationToken) =>
        WriteAsync(message, cancellationToken);

    private string FileName(MailMessage message)
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return $"digest-{stamp}-{IdPart(message.Headers["Message-ID"])}.eml";
    }

    /// <summary>The Message-ID's left part, reduced to file-name-safe characters, ties the file to its digest run.</summary>
    private static string IdPart(string? messageId)
    {
        var sb = new StringBuilder();
        foreach (var c in (messageId ?? "").Trim('<', '>', ' ').Split('@')[0])
        {
            if (sb.Length >= 48)
                break;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
                sb.Append(c);
        }
        return sb.Length > 0 ? sb.ToString() : Guid.NewGuid().ToString("N")[..12];
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (System.IO.Directory.Exists(folder))
                System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty staging folder is harmless; the digest itself was handled above.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
