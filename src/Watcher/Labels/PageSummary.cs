using System.Text;
using AngleSharp;
using AngleSharp.Dom;
using Watcher.Feeds;

namespace Watcher.Labels;

/// <summary>What an article's page says it is: the title and description a share preview would show.</summary>
public sealed record PageSummary(string Title, string? Description)
{
    /// <summary>As much as the poller keeps of an item's title and summary.</summary>
    public const int MaxTitleChars = 1000;
    public const int MaxDescriptionChars = 4000;

    /// <summary>A paragraph shorter than this is a byline or a cookie notice rather than the article's lead.</summary>
    private const int MinParagraphChars = 40;

    static PageSummary() =>
        // Pages declare legacy charsets (windows-1251, ISO-8859-1…) as feeds do.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Title: og:title, twitter:title, &lt;title&gt;, the first &lt;h1&gt;. Description: og:description,
    /// twitter:description, meta description, else the first paragraph of some length. Null when the
    /// page has neither. The charset comes from the Content-Type, a BOM or the page's own meta tag.
    /// </summary>
    public static async Task<PageSummary?> ReadAsync(byte[] html, string? contentType, Uri address, CancellationToken ct)
    {
        // No loader is configured: nothing the page refers to (scripts, images, frames) is fetched.
        using var context = BrowsingContext.New(Configuration.Default);
        using var document = await context.OpenAsync(response =>
        {
            response.Content(new MemoryStream(html, writable: false)).Address(address);
            if (contentType is not null)
                response.Header("Content-Type", contentType);
        }, ct);
        var title = Clean(Meta(document, "og:title") ?? Meta(document, "twitter:title") ?? document.Title
            ?? document.QuerySelector("h1")?.TextContent);
        var description = Clean(Meta(document, "og:description") ?? Meta(document, "twitter:description")
            ?? Meta(document, "description") ?? FirstParagraph(document));
        if (title is null && description is null)
            return null;
        return new PageSummary(
            TextLimits.Truncate(title ?? "", MaxTitleChars),
            description is null ? null : TextLimits.Truncate(description, MaxDescriptionChars));
    }

    /// <summary>A meta tag's content by property (Open Graph) or name (Twitter, description).</summary>
    private static string? Meta(IDocument document, string key)
    {
        foreach (var meta in document.QuerySelectorAll("meta"))
        {
            if (string.Equals(meta.GetAttribute("property"), key, StringComparison.OrdinalIgnoreCase)
                || string.Equals(meta.GetAttribute("name"), key, StringComparison.OrdinalIgnoreCase))
            {
                if (Clean(meta.GetAttribute("content")) is { } content)
                    return content;
            }
        }
        return null;
    }

    private static string? FirstParagraph(IDocument document)
    {
        string? first = null;
        foreach (var paragraph in document.QuerySelectorAll("p"))
        {
            if (Clean(paragraph.TextContent) is not { } text)
                continue;
            if (text.Length >= MinParagraphChars)
                return text;
            first ??= text;
        }
        return first;
    }

    /// <summary>Whitespace runs collapsed to one space; null when nothing is left.</summary>
    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
                sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
