using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Watcher.Digest;

/// <summary>Sends the digest through an SMTP server with MailKit: one connection per digest.</summary>
/// <remarks>The settings were checked at start (Smtp:*); the token and certificate files are read again at every send.</remarks>
public sealed class SmtpMailSender(SmtpSettings settings, ILogger<SmtpMailSender>? logger = null) : IDigestTransport
{
    private readonly SmtpSettings _settings = settings;
    private readonly ILogger _logger = logger ?? NullLogger<SmtpMailSender>.Instance;

    public string Description => $"smtp {_settings.Endpoint}";

    /// <exception cref="DigestDeliveryException">
    /// Connection, TLS, authentication, or the server refused every message or recipient; the message
    /// names host:port. <see cref="DigestDeliveryException.MayHaveArrived"/> when nothing was confirmed and
    /// an exchange broke off after its message data was handed over, before the server's answer.
    /// </exception>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DeliveryReceipt> DeliverAsync(IReadOnlyList<MimeMessage> messages, IDeliveryProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(progress);
        if (messages.Count == 0)
            throw new ArgumentException("Nothing to send.", nameof(messages));
        var token = await ReadTokenAsync(cancellationToken).ConfigureAwait(false);
        var certificates = new ServerCertificateCheck(_settings.Host, LoadTrustedCertificates());

        await using var protocolLog = _logger.IsEnabled(LogLevel.Debug) ? new SmtpProtocolLog(_logger, _settings.Endpoint) : null;
        using var client = protocolLog is null
            ? new RecipientTolerantSmtpClient()
            : new RecipientTolerantSmtpClient(new ProtocolLogger(protocolLog, leaveOpen: true) { RedactSecrets = true });
        client.Timeout = (int)Math.Clamp(_settings.Timeout.TotalMilliseconds, 1, int.MaxValue);
        client.ServerCertificateValidationCallback = certificates.Validate;
        client.BeforeData = progress.HandingOverData;

        // The client's Timeout covers one read or write; the deadline covers the whole exchange, every message included.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_settings.Timeout);
        progress.Connecting(Description);
        try
        {
            await client.ConnectAsync(_settings.Host, _settings.Port, _settings.SocketOptions, deadline.Token).ConfigureAwait(false);
            await AuthenticateAsync(client, token, deadline.Token).ConfigureAwait(false);
        }
        catch (DigestDeliveryException)
        {
            throw;
        }
        catch (Exception e) when (Explain(e, certificates, cancellationToken) is { } reason)
        {
            throw Failure(reason, e);
        }

        var rejected = new List<RejectedRecipient>();
        var delivered = 0;
        (Exception Exception, string Reason)? firstFailure = null;
        var unknownOutcome = false;
        string? connectionLost = null;
        // A step that could not be recorded says why itself; anything else is explained, or propagates.
        string? Reason(Exception e) => e is DigestDeliveryException ? e.Message : Explain(e, certificates, cancellationToken);
        foreach (var message in messages)
        {
            if (connectionLost is not null)
            {
                rejected.AddRange(Recipients(message, connectionLost));
                continue;
            }
            var refusedBefore = client.Rejected.Count;
            try
            {
                await client.SendToAsync(message, Sender(message), Recipients(message), deadline.Token).ConfigureAwait(false);
                delivered++;
                rejected.AddRange(client.Rejected.Skip(refusedBefore));
            }
            catch (DigestDeliveryException) when (delivered == 0)
            {
                throw;
            }
            catch (Exception e) when (Reason(e) is { } reason)
            {
                firstFailure ??= (e, reason);
                // A refused command leaves the connection usable for the next message; anything else ends it.
                if (e is not SmtpCommandException)
                    connectionLost = reason;
                // Once its data went out, only the server's own refusal (a reply code) says a message did not arrive.
                var cutOffAfterData = client.DataHandedOver && e is not SmtpCommandException;
                unknownOutcome |= cutOffAfterData;
                // Refused at RCPT TO: the server's own reply for each; otherwise why the message failed.
                var refused = client.Rejected.Skip(refusedBefore).ToList();
                rejected.AddRange(refused.Count > 0 ? refused
                    : Recipients(message, cutOffAfterData ? $"cut off after the message data, it may have arrived: {reason}" : reason));
            }
        }
        if (firstFailure is { } failure && delivered == 0)
            throw Failure(failure.Reason, failure.Exception, mayHaveArrived: unknownOutcome);

        // The server took the messages: whatever happens to QUIT, they count as delivered.
        await QuitQuietlyAsync(client, deadline.Token).ConfigureAwait(false);
        return new DeliveryReceipt(Description, rejected);
    }

    /// <summary>Why a send failed, in one line; null for an exception that is not a delivery failure (it propagates).</summary>
    private string? Explain(Exception e, ServerCertificateCheck certificates, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when !cancellationToken.IsCancellationRequested => $"timed out after {_settings.Timeout.TotalSeconds:0.#} s",
        SslHandshakeException => certificates.Failure ?? $"the TLS handshake failed: {Describe(e)}",
        SmtpCommandException or SmtpProtocolException or AuthenticationException or NotSupportedException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException or IOException or SocketException or TimeoutException
            or InvalidOperationException => Describe(e),
        _ => null,
    };

    private static MailboxAddress Sender(MimeMessage message) =>
        message.From.Mailboxes.FirstOrDefault() ?? throw new ArgumentException("The message has no From address.", nameof(message));

    private static List<MailboxAddress> Recipients(MimeMessage message) =>
        [.. message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).DistinctBy(m => m.Address, StringComparer.OrdinalIgnoreCase)];

    private static IEnumerable<RejectedRecipient> Recipients(MimeMessage message, string reason) =>
        Recipients(message).Select(m => new RejectedRecipient(m.Address, reason));

    private async Task AuthenticateAsync(SmtpClient client, string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(_settings.Username))
            return;
        // Auto takes TLS when the server offers it; when it did not, a password would travel in clear.
        if (!client.IsSecure && _settings.EffectiveSecurity != SmtpSecurity.None)
        {
            throw Failure("the connection is not encrypted (the server offered no STARTTLS); Watcher sends credentials only over TLS."
                + " Set Smtp:Security=None to allow it, e.g. for a relay on this machine");
        }

        if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
        {
            throw Failure("the server offers no authentication (AUTH) on this connection"
                + (client.IsSecure ? "" : "; many servers offer it only over TLS (Smtp:Security)"));
        }

        if (token is null)
        {
            await client.AuthenticateAsync(new NetworkCredential(_settings.Username, _settings.Password), ct).ConfigureAwait(false);
            return;
        }
        SaslMechanism mechanism = client.AuthenticationMechanisms.Contains("XOAUTH2")
            ? new SaslMechanismOAuth2(_settings.Username, token)
            : client.AuthenticationMechanisms.Contains("OAUTHBEARER")
                ? new SaslMechanismOAuthBearer(_settings.Username, token)
                : throw Failure($"the server offers no OAuth2 authentication (XOAUTH2 or OAUTHBEARER), only {string.Join(", ", client.AuthenticationMechanisms)}");
        await client.AuthenticateAsync(mechanism, ct).ConfigureAwait(false);
    }

    /// <summary>Read at every send: another program (a token refresher) rewrites the file as tokens expire.</summary>
    private async Task<string?> ReadTokenAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(_settings.OAuth2TokenFile))
            return null;
        var path = Path.GetFullPath(_settings.OAuth2TokenFile);
        string token;
        try
        {
            token = (await File.ReadAllTextAsync(path, ct).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure($"the OAuth2 token file {path} (Smtp:OAuth2TokenFile) could not be read: {e.Message}", e);
        }
        return token.Length > 0 ? token : throw Failure($"the OAuth2 token file {path} (Smtp:OAuth2TokenFile) is empty");
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2Collection LoadTrustedCertificates()
    {
        if (string.IsNullOrWhiteSpace(_settings.TrustedCertificate))
            return [];
        return TrustedCertificates.TryLoad(_settings.TrustedCertificate, out var certificates, out var problem)
            ? certificates
            : throw Failure($"Smtp:TrustedCertificate is unusable: {problem}");
    }

    private static async Task QuitQuietlyAsync(SmtpClient client, CancellationToken deadline)
    {
        try
        {
            await client.DisconnectAsync(quit: true, deadline).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The message was accepted before; a dropped QUIT changes nothing for the recipients.
        }
    }

    private DigestDeliveryException Failure(string reason, Exception? inner = null, bool mayHaveArrived = false) => mayHaveArrived
        ? new($"SMTP delivery to {_settings.Endpoint} broke off after the message data was handed over, before the server's answer: {reason}; it may have arrived", inner, mayHaveArrived: true)
        : new($"SMTP delivery to {_settings.Endpoint} failed: {reason}", inner);

    /// <summary>The message with the SMTP status where there is one, and the inner causes that add something.</summary>
    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            var text = current switch
            {
                SmtpCommandException command => $"{command.Message} (SMTP {(int)command.StatusCode})",
                ServiceNotAuthenticatedException => $"{current.Message} (SMTP 530: the server wants authentication or TLS first)",
                AuthenticationException => $"authentication refused: {current.Message}",
                NotSupportedException when current.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) =>
                    "the server does not offer STARTTLS, which Smtp:Security requires; nothing was sent",
                _ => current.Message,
            };
            if (!parts.Contains(text))
                parts.Add(text);
        }
        return string.Join(" → ", parts);
    }
}
