using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Watcher.Digest;

/// <summary>
/// MailKit's client, except that a recipient the server refuses is recorded instead of stopping the
/// whole send: the others still get the digest. Only when the server refuses every one is it a failure.
/// Once the server has answered every RCPT TO and accepted at least one, MailKit's next step is DATA
/// and the message itself: <see cref="BeforeData"/> runs there, and what it throws stops the send.
/// </summary>
internal sealed class RecipientTolerantSmtpClient : SmtpClient
{
    private readonly List<RejectedRecipient> _rejected = [];
    private int _expected;
    private int _answered;
    private int _accepted;

    public RecipientTolerantSmtpClient()
    {
    }

    public RecipientTolerantSmtpClient(IProtocolLogger protocolLogger) : base(protocolLogger)
    {
    }

    public IReadOnlyList<RejectedRecipient> Rejected => _rejected;

    /// <summary>Called, synchronously, after the last RCPT TO reply and before DATA.</summary>
    public Action? BeforeData { get; set; }

    /// <summary>The current message's data may have been handed over: from here a broken send's outcome is unknown.</summary>
    public bool DataHandedOver { get; private set; }

    /// <summary>Sends to exactly these recipients, so the last RCPT TO reply can be recognised.</summary>
    public Task<string> SendToAsync(MimeMessage message, MailboxAddress sender, IReadOnlyList<MailboxAddress> recipients, CancellationToken ct)
    {
        _expected = recipients.Count;
        _answered = 0;
        _accepted = 0;
        DataHandedOver = false;
        return SendAsync(FormatOptions.Default, message, sender, recipients, ct);
    }

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        _accepted++;
        Answered();
    }

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        _rejected.Add(new RejectedRecipient(mailbox.Address, $"{(int)response.StatusCode} {response.Response}".Trim()));
        Answered();
    }

    protected override void OnNoRecipientsAccepted(MimeMessage message) =>
        throw new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable,
            $"the server accepted none of the recipients: {RejectedRecipient.Describe(_rejected)}");

    private void Answered()
    {
        if (++_answered != _expected || _accepted == 0)
            return;
        BeforeData?.Invoke();
        DataHandedOver = true;
    }
}
