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
        if (!MailAddresses.IsValid(options.From))
            failures.Add($"Smtp:From must be an e-mail address such as watcher@example.org (got '{options.From}')");
        CheckSecurity(options, failures);
        CheckCredentials(options, failures);
        CheckTimeout(options, host.Value.ShutdownTimeout, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSecurity(SmtpSettings options, List<string> failures)
    {
        if (options.Security is { } security && !Enum.IsDefined(security))
        {
            failures.Add("Smtp:Security must be Auto, None, StartTls or SslOnConnect");
            return;
        }
        if (options.EnableSsl && options.Security is { } explicitly && explicitly != SmtpSecurity.StartTls)
            failures.Add($"Smtp:EnableSsl=true (STARTTLS required) contradicts Smtp:Security={explicitly}; remove Smtp:EnableSsl");

        // A server on 465 expects a TLS handshake first; a client waiting for its greeting would only time out.
        var effective = options.EffectiveSecurity;
        if (options.Port == SmtpSettings.ImplicitTlsPort && effective is SmtpSecurity.None or SmtpSecurity.StartTls)
        {
            var source = options.Security is null ? "Smtp:EnableSsl=true" : $"Smtp:Security={effective}";
            failures.Add($"Smtp:Port 465 is implicit TLS: Smtp:Security must be Auto or SslOnConnect there ({source} asks for {effective})");
        }

        if (!string.IsNullOrWhiteSpace(options.TrustedCertificate))
        {
            if (effective == SmtpSecurity.None)
                failures.Add("Smtp:TrustedCertificate has no use with Smtp:Security=None (no TLS)");
            else if (!TrustedCertificates.TryLoad(options.TrustedCertificate, out _, out var problem))
                failures.Add($"Smtp:TrustedCertificate must be a PEM certificate file (-----BEGIN CERTIFICATE-----): {problem}");
        }
    }

    private static void CheckCredentials(SmtpSettings options, List<string> failures)
    {
        var user = !string.IsNullOrWhiteSpace(options.Username);
        var password = !string.IsNullOrEmpty(options.Password);
        var token = !string.IsNullOrWhiteSpace(options.OAuth2TokenFile);
        if (password && token)
            failures.Add("Smtp:Password and Smtp:OAuth2TokenFile exclude each other: set one of them");
        else if (user && !password && !token)
            failures.Add("Smtp:Username needs Smtp:Password or Smtp:OAuth2TokenFile");
        else if (!user && password)
            failures.Add("Smtp:Password needs Smtp:Username");
        else if (!user && token)
            failures.Add("Smtp:OAuth2TokenFile needs Smtp:Username, the account the token is for");
    }

    /// <summary>
    /// A claimed digest is always sent to the end, even when the service is stopping: the send must fit
    /// in the host's shutdown wait.
    /// </summary>
    private static void CheckTimeout(SmtpSettings options, TimeSpan shutdown, List<string> failures)
    {
        if (options.Timeout <= TimeSpan.Zero)
            failures.Add("Smtp:Timeout must be a positive duration such as 00:01:00");
        else if (options.Timeout >= shutdown)
            failures.Add($"Smtp:Timeout must be shorter than the service's shutdown timeout ({shutdown}), e.g. 00:01:00");
    }
}
