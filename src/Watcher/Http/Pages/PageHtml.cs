using System.Text;
using Watcher.Digest;

namespace Watcher.Http.Pages;

/// <summary>
/// The link pages' HTML: one small document per page, no script at all, one style sheet of our own
/// (<c>pages.css</c>). Ids are stable (<c>#page[data-page]</c>, <c>#confirm</c>, <c>#url</c>, <c>#note</c>,
/// <c>#outcome</c>, <c>#problem</c>) for the browser tests.
/// </summary>
internal static class PageHtml
{
    public static string Document(PageLocale locale, string page, string heading, string body)
    {
        var sb = new StringBuilder(2048);
        sb.Append("<!DOCTYPE html>\n<html lang=\"").Append(locale.Code).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>").Append(Html.Escape(heading)).Append(" — Watcher</title>\n")
            // Relative: the pages live one level down (/feedback/TOKEN), also behind a proxy that adds a prefix.
            .Append("<link rel=\"stylesheet\" href=\"../pages.css\">\n</head>\n<body>\n")
            .Append("<main id=\"page\" data-page=\"").Append(page).Append("\">\n<h1>").Append(Html.Escape(heading)).Append("</h1>\n")
            .Append(body)
            .Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    public static string Paragraph(string text, string? id = null, string? cssClass = null)
    {
        var sb = new StringBuilder("<p");
        if (id is not null)
            sb.Append(" id=\"").Append(id).Append('"');
        if (cssClass is not null)
            sb.Append(" class=\"").Append(cssClass).Append('"');
        return sb.Append('>').Append(Html.Escape(text)).Append("</p>\n").ToString();
    }

    /// <summary>A form that posts back to the page's own address, with the antiforgery field and one button.</summary>
    public static string Form(string id, string fieldName, string requestToken, string button, string fields = "") =>
        $"<form id=\"{id}\" method=\"post\">\n"
        + $"<input type=\"hidden\" name=\"{Html.Escape(fieldName)}\" value=\"{Html.Escape(requestToken)}\">\n"
        + fields
        + $"<button id=\"confirm\" type=\"submit\">{Html.Escape(button)}</button>\n</form>\n";

    public static string MissedFields(PageLocale locale, string? url, string? note) =>
        $"<label for=\"url\">{Html.Escape(locale.UrlLabel)}</label>\n"
        + $"<input id=\"url\" name=\"url\" type=\"url\" inputmode=\"url\" required maxlength=\"{LinkPageHandlers.MaxUrlChars}\" autocomplete=\"off\" placeholder=\"https://\" value=\"{Html.Escape(url)}\">\n"
        + $"<label for=\"note\">{Html.Escape(locale.NoteLabel)}</label>\n"
        + $"<textarea id=\"note\" name=\"note\" maxlength=\"{Labels.FeedbackStore.MaxNoteChars}\">{Html.Escape(note)}</textarea>\n";
}
