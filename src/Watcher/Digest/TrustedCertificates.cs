using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Watcher.Digest;

/// <summary>Reads Smtp:TrustedCertificate: one or more PEM certificates (a relay's own, its CA, a bundle).</summary>
public static class TrustedCertificates
{
    /// <param name="problem">Why the file is unusable, naming its full path.</param>
    public static bool TryLoad(string path, out X509Certificate2Collection certificates, out string problem)
    {
        certificates = [];
        var full = Path.GetFullPath(path);
        try
        {
            if (!File.Exists(full))
            {
                problem = $"{full} not found";
                return false;
            }
            certificates.ImportFromPemFile(full);
            problem = certificates.Count == 0 ? $"{full} holds no certificate" : "";
            return certificates.Count > 0;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problem = $"{full} could not be read as PEM: {e.Message}";
            return false;
        }
    }
}
