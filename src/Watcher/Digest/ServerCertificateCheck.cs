using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Watcher.Digest;

/// <summary>
/// Accepts the SMTP server's certificate when the system store trusts it, or when it is, or chains to,
/// a certificate of Smtp:TrustedCertificate. The host name must match either way, and there is no
/// switch that accepts anything else. Remembers why it refused, for the delivery error.
/// </summary>
internal sealed class ServerCertificateCheck(string host, X509Certificate2Collection trusted)
{
    /// <summary>Set when <see cref="Validate"/> refused: names the certificate's subject and the reasons.</summary>
    public string? Failure { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            Failure = "the server presented no certificate";
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            var reasons = new List<string>();
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                reasons.Add($"it is not issued for {host}");
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) && ChainProblem(leaf, chain) is { } problem)
                reasons.Add(problem);
            if (reasons.Count == 0)
                return true;
            Failure = $"the server's certificate \"{leaf.Subject}\" is not trusted: {string.Join("; ", reasons)}";
            return false;
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate))
                leaf.Dispose();
        }
    }

    /// <returns>Null when Smtp:TrustedCertificate vouches for the certificate the system store did not.</returns>
    private string? ChainProblem(X509Certificate2 leaf, X509Chain? systemChain)
    {
        if (trusted.Count == 0)
            return Describe(leaf, systemChain?.ChainStatus ?? []);

        if (trusted.Any(t => t.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)))
            return IsCurrent(leaf) ? null : Describe(leaf, [new X509ChainStatus { Status = X509ChainStatusFlags.NotTimeValid }]);

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
        // A private CA seldom publishes revocation lists; trusting it by file is the admin's decision.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (systemChain is not null)
        {
            foreach (var element in systemChain.ChainElements.Skip(1))
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        return custom.Build(leaf) ? null : Describe(leaf, custom.ChainStatus);
    }

    private static bool IsCurrent(X509Certificate2 certificate)
    {
        var now = DateTime.Now;
        return certificate.NotBefore <= now && now <= certificate.NotAfter;
    }

    private static string Utc(DateTime at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private string Describe(X509Certificate2 leaf, X509ChainStatus[] statuses)
    {
        var reasons = new List<string>();
        foreach (var status in statuses)
        {
            var reason = status.Status switch
            {
                X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => trusted.Count == 0
                    ? "it does not chain to a root of the system store (Smtp:TrustedCertificate can name it or its CA)"
                    : "it does not chain to a root of the system store nor to Smtp:TrustedCertificate",
                X509ChainStatusFlags.NotTimeValid => leaf.NotAfter < DateTime.Now
                    ? $"it expired on {Utc(leaf.NotAfter)}"
                    : $"it is not valid before {Utc(leaf.NotBefore)}",
                X509ChainStatusFlags.Revoked => "it is revoked",
                X509ChainStatusFlags.RevocationStatusUnknown or X509ChainStatusFlags.OfflineRevocation =>
                    "its revocation status could not be checked",
                _ => status.StatusInformation.Trim(),
            };
            if (reason.Length > 0 && !reasons.Contains(reason))
                reasons.Add(reason);
        }
        return reasons.Count > 0 ? string.Join("; ", reasons) : "its chain is not valid";
    }
}
