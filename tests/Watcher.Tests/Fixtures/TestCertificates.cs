using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Watcher.Tests.Fixtures;

/// <summary>A certificate the test made, written as PEM files (certificate, private key) for aiosmtpd and Smtp:TrustedCertificate.</summary>
public sealed record TestCertificate(string Subject, string CertificatePath, string KeyPath, X509Certificate2 Certificate);

/// <summary>
/// Makes certificates for TLS tests in a folder of its own: self-signed server certificates and a
/// small CA that issues them. Validity is relative to the real clock, as the TLS stack checks it.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("watcher-certs-").FullName;
    private readonly List<IDisposable> _owned = [];

    /// <summary>For 127.0.0.1 and localhost unless <paramref name="hosts"/> says otherwise; valid from yesterday for 30 days unless told.</summary>
    public TestCertificate SelfSigned(string commonName, string[]? hosts = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(commonName, key, hosts);
        var (from, to) = Validity(notBefore, notAfter);
        return Write(commonName, request.CreateSelfSigned(from, to), key);
    }

    /// <summary>A CA certificate (no key file needed by the server) that can issue server certificates.</summary>
    public TestCertificate Authority(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Outlives what it issues: a certificate may not end after its issuer (a CA and its certificate
        // made a second apart would otherwise be refused by CertificateRequest.Create).
        var (from, _) = Validity(null, null);
        return Write(commonName, request.CreateSelfSigned(from, from.AddDays(365)), key);
    }

    public TestCertificate IssuedBy(TestCertificate authority, string commonName, string[]? hosts = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(commonName, key, hosts);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority.Certificate, true, false));
        var (from, to) = Validity(null, null);
        return Write(commonName, request.Create(authority.Certificate, from, to, RandomNumberGenerator.GetBytes(12)), key);
    }

    private static CertificateRequest ServerRequest(string commonName, ECDsa key, string[]? hosts)
    {
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts ?? ["127.0.0.1", "localhost"])
        {
            if (IPAddress.TryParse(host, out var ip))
                names.AddIpAddress(ip);
            else
                names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request;
    }

    private static (DateTimeOffset From, DateTimeOffset To) Validity(DateTimeOffset? notBefore, DateTimeOffset? notAfter)
    {
        var now = DateTimeOffset.UtcNow;
        return (notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(30));
    }

    private TestCertificate Write(string name, X509Certificate2 certificate, ECDsa key)
    {
        var certificatePath = Path.Combine(_directory, name + ".crt");
        var keyPath = Path.Combine(_directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        _owned.Add(certificate);
        // A CA issues with its private key, which an issued certificate does not carry yet.
        var withKey = certificate.HasPrivateKey ? certificate : certificate.CopyWithPrivateKey(key);
        if (!ReferenceEquals(withKey, certificate))
            _owned.Add(withKey);
        return new TestCertificate(certificate.Subject, certificatePath, keyPath, withKey);
    }

    public void Dispose()
    {
        foreach (var item in _owned)
            item.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
