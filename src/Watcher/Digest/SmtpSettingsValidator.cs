using System.Net.Mail;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Watcher.Digest;

/// <summary>Checks the Smtp section at start-up; every failure names the key to fix.</summary>
internal sealed class SmtpSettingsValidator(IOptions<HostOptions> host) : IValidateOptions<SmtpSettings>
{
    public ValidateOptionsResult Validate(string? name, SmtpSettings options)
    {
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
            failures.Add("Smtp:Port must be between 1 and 65535");
        // Also without Smtp:Host: the outbox's From and the recipient of a list that names none.
        if (!MailAddress.TryCreate(options.From ?? "", out _))
            failures.Add($"Smtp:From must be an e-mail address such as watcher@example.org (got '{options.From}')");
        if (string.IsNullOrWhiteSpace(options.Username) != string.IsNullOrWhiteSpace(options.Password))
            failures.Add("Smtp:Username and Smtp:Password go together");

        // A claimed digest is always sent to the end, even when the service is stopping: the send must
        // fit in the host's shutdown wait and end well before a run "sending" counts as interrupted.
        var shutdown = host.Value.ShutdownTimeout;
        if (options.Timeout <= TimeSpan.Zero)
            failures.Add("Smtp:Timeout must be a positive duration such as 00:01:00");
        else if (options.Timeout >= shutdown)
            failures.Add($"Smtp:Timeout must be shorter than the service's shutdown timeout ({shutdown}), e.g. 00:01:00");
        else if (options.Timeout >= DigestDispatcher.InterruptedAfter)
            failures.Add($"Smtp:Timeout must be shorter than {DigestDispatcher.InterruptedAfter}, after which a run still sending counts as interrupted");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
