using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Watcher.Http;

/// <summary>The service's one HTTP listener: health, readiness, metrics (and later pages of its own).</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Where Kestrel listens, separated by <c>;</c>; empty turns the listener off.</summary>
    public string? Urls { get; set; } = DefaultUrls;

    /// <summary>The configured addresses; none when the listener is off.</summary>
    public IReadOnlyList<string> UrlList() => Split(Urls);

    /// <summary>Read before the host is built: an empty Http:Urls means the service gets no web host at all.</summary>
    public static bool IsListening(IConfiguration configuration) =>
        Split(configuration.GetSection(Section)[nameof(Urls)] ?? DefaultUrls).Count > 0;

    private static List<string> Split(string? urls) =>
        [.. (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>Every address is an absolute http:// URL with a host and a port Kestrel can bind.</summary>
internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var failures = new List<string>();
        foreach (var url in options.UrlList())
        {
            // Kestrel's wildcards (http://+:8080, http://*:8080) are not URIs; they stand for every address.
            var probe = url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
                || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                failures.Add($"Http:Urls: '{url}' is not an address to listen on; write http://host:port (http only: put TLS in a reverse proxy), several separated by ';', or leave it empty to turn the listener off");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
