using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Watcher.Digest;

/// <summary>
/// MailKit's client, except that a recipient the server refuses is recorded instead of stopping the
/// whole send: the others still get the digest. Only when the server refuses every one is it a failure.
/// </summary>
internal sealed class RecipientTolerantSmtpClient : SmtpClient
{
    private readonly List<RejectedRecipient> _rejected = [];

    public RecipientTolerantSmtpClient()
    {
    }

    public RecipientTolerantSmtpClient(IProtocolLogger protocolLogger) : base(protocolLogger)
    {
    }

    public IReadOnlyList<RejectedRecipient> Rejected => _rejected;

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        _rejected.Add(new RejectedRecipient(mailbox.Address, $"{(int)response.StatusCode} {response.Response}".Trim()));

    protected override void OnNoRecipientsAccepted(MimeMessage message) =>
        throw new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable,
            $"the server accepted none of the recipients: {RejectedRecipient.Describe(_rejected)}");
}
