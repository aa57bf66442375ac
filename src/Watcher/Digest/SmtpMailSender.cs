using System.Net;
using System.Net.Mail;

namespace Watcher.Digest;

/// <summary>Sends the digest through an SMTP server with System.Net.Mail.</summary>
/// <remarks>The settings were checked at start (Smtp:Host, Port, From, Timeout); nothing is checked again here.</remarks>
public sealed class SmtpMailSender(SmtpSettings settings) : IDigestTransport
{
    private readonly SmtpSettings _settings = settings;

    public string Description => $"smtp {_settings.Endpoint}";

    /// <exception cref="DigestDeliveryException">Connection, authentication or the server refused; the message names host:port.</exception>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var client = new SmtpClient(_settings.Host, _settings.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = _settings.EnableSsl,
            Timeout = (int)Math.Clamp(_settings.Timeout.TotalMilliseconds, 1, int.MaxValue),
        };
        if (!string.IsNullOrEmpty(_settings.Username))
            client.Credentials = new NetworkCredential(_settings.Username, _settings.Password);

        // SmtpClient.Timeout only governs the synchronous Send, so the async send gets its own deadline.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_settings.Timeout);
        try
        {
            await client.SendMailAsync(message, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DigestDeliveryException(
                $"SMTP delivery to {_settings.Endpoint} timed out after {_settings.Timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is SmtpException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or System.Security.Authentication.AuthenticationException)
        {
            throw new DigestDeliveryException($"SMTP delivery to {_settings.Endpoint} failed: {Describe(e)}", e);
        }
    }

    public async Task<string> DeliverAsync(MailMessage message, CancellationToken cancellationToken)
    {
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Description;
    }

    /// <summary>SmtpException often says only "Failure sending mail."; the cause is in the inner exceptions.</summary>
    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            var text = current is SmtpException smtp && smtp.StatusCode != SmtpStatusCode.GeneralFailure
                ? $"{current.Message} (SMTP {(int)smtp.StatusCode} {smtp.StatusCode})"
                : current.Message;
            if (!parts.Contains(text))
                parts.Add(text);
        }
        return string.Join(" → ", parts);
    }
}
