using Microsoft.Extensions.Options;

namespace Watcher.Links;

/// <summary>
/// The digest's signed links: where editors' browsers reach the service (Http:PublicBaseUrl) and how long
/// a feedback link lives (Feedback:LinkLifetime). Without a public address the digest carries no such link.
/// </summary>
public sealed class DigestLinkOptions
{
    public const string FeedbackSection = "Feedback";
    public const string PublicBaseUrlKey = "Http:PublicBaseUrl";

    public static readonly TimeSpan DefaultLinkLifetime = TimeSpan.FromDays(30);

    /// <summary>E.g. https://watcher.desk.example (a path is allowed when a proxy strips it); empty: no links.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long a « Pas pertinent » or « article manqué » link works. Unsubscribe links do not expire.</summary>
    public TimeSpan LinkLifetime { get; set; } = DefaultLinkLifetime;

    /// <summary>
    /// Whether a reported missed article may be fetched from a loopback, private or link-local address. Off:
    /// an editor's URL is untrusted input, and the service must not be made to read the internal network.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>The public base without a trailing slash; null when links are off.</summary>
    public string? BaseUrl => string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : PublicBaseUrl.Trim().TrimEnd('/');

    public bool Enabled => BaseUrl is not null;
}

internal sealed class DigestLinkOptionsValidator : IValidateOptions<DigestLinkOptions>
{
    public static readonly TimeSpan MinLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    public ValidateOptionsResult Validate(string? name, DigestLinkOptions options)
    {
        var failures = new List<string>();
        if (options.BaseUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.Host.Length == 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0))
        {
            failures.Add($"{DigestLinkOptions.PublicBaseUrlKey} must be the address editors' browsers reach, such as https://watcher.desk.example (got '{options.PublicBaseUrl}')");
        }
        if (options.LinkLifetime < MinLifetime || options.LinkLifetime > MaxLifetime)
            failures.Add("Feedback:LinkLifetime must be between 01:00:00 and 365.00:00:00 (d.hh:mm:ss)");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
