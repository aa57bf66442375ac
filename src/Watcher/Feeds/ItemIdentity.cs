using System.Security.Cryptography;
using System.Text;

namespace Watcher.Feeds;

/// <summary>What makes an item the same item on the next poll: its guid, else its link, else title and date.</summary>
public static class ItemIdentity
{
    public static string Of(ParsedItem item) => Of(item, NormalizeLink(item.Link));

    /// <summary><see cref="Of(ParsedItem)"/> with the item's link already normalised (the poller normalises each link once).</summary>
    internal static string Of(ParsedItem item, string? normalizedLink)
    {
        var key = !string.IsNullOrWhiteSpace(item.Guid) ? "guid:" + item.Guid.Trim()
            : normalizedLink is { } link ? "link:" + link
            : $"title:{item.Title?.Trim()}|{item.Published?.UtcDateTime:O}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Hash of the normalised link, so that an item whose guid changes but link does not is recognised; null without a link.</summary>
    internal static string? LinkIdentityOf(string? normalizedLink) =>
        normalizedLink is { } link ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("link:" + link))) : null;

    /// <summary>Absolute http(s) link without fragment and tracking parameters; null when there is none.</summary>
    public static string? NormalizeLink(string? link)
    {
        if (string.IsNullOrWhiteSpace(link) || !Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri))
            return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return null;
        var query = string.Join('&', uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !IsTrackingParameter(pair.Split('=')[0])));
        // The builder keeps the scheme and port, so the original tells whether the port is the default one.
        var builder = new UriBuilder(uri) { Fragment = "", Query = query };
        if (uri.IsDefaultPort)
            builder.Port = -1;
        return builder.Uri.AbsoluteUri;
    }

    private static bool IsTrackingParameter(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)
        || name.Equals("fbclid", StringComparison.OrdinalIgnoreCase)
        || name.Equals("gclid", StringComparison.OrdinalIgnoreCase)
        || name.Equals("xtor", StringComparison.OrdinalIgnoreCase);
}
