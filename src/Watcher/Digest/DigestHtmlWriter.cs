using System.Text;

namespace Watcher.Digest;

/// <summary>
/// The HTML part. Mail clients (Outlook above all) ignore most CSS, so: tables for layout, inline
/// styles only, nothing fetched from outside. No background is painted and the body text keeps
/// the client's own colour, so dark mode stays legible; the only coloured box (the highlight)
/// sets both its background and its text colour. One column, at most 640px wide, fits a phone.
/// </summary>
internal static class DigestHtmlWriter
{
    private const string Font = "font-family:Segoe UI,Helvetica,Arial,sans-serif;";
    private const string Muted = "color:#767676;";
    private const string LinkStyle = "color:#1f6fd6;text-decoration:underline;";
    private const string MarkOpen = "<mark style=\"background-color:#ffe066;color:#1a1a1a;padding:0 1px;\">";
    private const string MarkClose = "</mark>";

    public static string Write(DigestPage page)
    {
        var locale = page.Locale;
        var sb = new StringBuilder(4096);
        sb.Append("<!DOCTYPE html>\n");
        sb.Append("<html lang=\"").Append(locale.Code).Append("\">\n<head>\n");
        sb.Append("<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<meta name=\"color-scheme\" content=\"light dark\">\n");
        sb.Append("<meta name=\"supported-color-schemes\" content=\"light dark\">\n");
        sb.Append("<title>").Append(Html.Escape(page.Heading)).Append("</title>\n");
        sb.Append("</head>\n<body style=\"margin:0;padding:0;").Append(Font).Append("\">\n");

        sb.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;border-collapse:collapse;\">\n");
        sb.Append("<tr><td align=\"center\" style=\"padding:12px;\">\n");
        sb.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:640px;border-collapse:collapse;\">\n");

        sb.Append("<tr><td style=\"").Append(Font).Append("font-size:20px;line-height:1.3;font-weight:bold;padding:4px 0 2px 0;\">")
            .Append(Html.Escape(page.Heading)).Append("</td></tr>\n");

        if (page.Items.Count == 0)
        {
            sb.Append("<tr><td style=\"").Append(Font).Append("font-size:15px;padding:12px 0;\">")
                .Append(Html.Escape(locale.NothingNewLine)).Append("</td></tr>\n");
        }
        else
        {
            sb.Append("<tr><td style=\"").Append(Font).Append(Muted).Append("font-size:13px;padding:0 0 12px 0;\">")
                .Append(Html.Escape(page.ZoneNote)).Append("</td></tr>\n");
        }

        foreach (var item in page.Items)
            AppendItem(sb, item, locale, page.Links);

        if (page.Links is { } links)
        {
            sb.Append("<tr><td style=\"").Append(Font).Append("font-size:14px;line-height:1.5;padding:12px 0;border-top:1px solid #8c8c8c;\">");
            AppendLinked(sb, links.Missed(), Html.Escape(locale.MissedLink));
            sb.Append("</td></tr>\n");
        }

        sb.Append("<tr><td style=\"").Append(Font).Append(Muted).Append("font-size:12px;line-height:1.45;padding:16px 0 4px 0;border-top:1px solid #8c8c8c;\">");
        if (page.AdminLines.Count > 0)
        {
            sb.Append("<div style=\"padding:0 0 8px 0;\">").Append(Html.Escape(locale.AdminHeading));
            foreach (var line in page.AdminLines)
                sb.Append("<div style=\"padding:2px 0 0 0;\">• ").Append(Html.Escape(line)).Append("</div>");
            sb.Append("</div>");
        }
        sb.Append(Html.Escape(locale.Footer));
        if (page.Links is not null)
        {
            sb.Append("<div style=\"padding:6px 0 0 0;\">");
            AppendLinked(sb, page.Links.Unsubscribe(), Html.Escape(locale.UnsubscribeLink));
            sb.Append("</div>");
        }
        sb.Append("</td></tr>\n");
        sb.Append("</table>\n</td></tr>\n</table>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void AppendItem(StringBuilder sb, DigestItem item, DigestLocale locale, IDigestLinks? links)
    {
        sb.Append("<tr><td style=\"").Append(Font).Append("padding:12px 0;border-top:1px solid #8c8c8c;\">\n");

        var title = Html.EscapeWithMarks(item.Title, item.TitleMarks, MarkOpen, MarkClose);
        sb.Append("<div style=\"font-size:17px;line-height:1.35;font-weight:bold;\">");
        AppendLinked(sb, item.SafeLink, title);
        sb.Append("</div>\n");

        sb.Append("<div style=\"").Append(Muted).Append("font-size:13px;line-height:1.4;padding:2px 0 4px 0;\">");
        if (item.Outlet.Length > 0)
            sb.Append(Html.Escape(item.Outlet)).Append(" · ");
        sb.Append(Html.Escape(item.When)).Append("</div>\n");

        if (item.UnsafeLink is not null)
        {
            sb.Append("<div style=\"").Append(Muted).Append("font-size:12px;line-height:1.4;word-break:break-all;\">")
                .Append(Html.Escape(locale.NonClickableLinkLabel)).Append(' ')
                .Append(Html.Escape(item.UnsafeLink)).Append("</div>\n");
        }

        if (item.Snippet.Length > 0)
        {
            sb.Append("<div style=\"font-size:15px;line-height:1.45;padding:2px 0 4px 0;\">")
                .Append(Html.EscapeWithMarks(item.Snippet, item.SnippetMarks, MarkOpen, MarkClose)).Append("</div>\n");
        }

        if (item.AlsoIn.Count > 0)
        {
            sb.Append("<div style=\"").Append(Muted).Append("font-size:13px;line-height:1.5;padding:0 0 4px 0;\">")
                .Append(Html.Escape(locale.AlsoIn)).Append(' ');
            for (var i = 0; i < item.AlsoIn.Count; i++)
            {
                var outlet = item.AlsoIn[i];
                if (i > 0)
                    sb.Append(" · ");
                AppendLinked(sb, outlet.SafeLink, Html.Escape(outlet.Name));
                sb.Append(' ').Append(Html.Escape(outlet.When));
            }
            sb.Append("</div>\n");
        }

        if (item.Terms.Count > 0)
        {
            sb.Append("<div style=\"").Append(Muted).Append("font-size:13px;line-height:1.4;\">")
                .Append(Html.Escape(locale.WhyLabel)).Append(' ');
            for (var i = 0; i < item.Terms.Count; i++)
            {
                if (i > 0)
                    sb.Append(", ");
                sb.Append("<strong>").Append(Html.Escape(item.Terms[i])).Append("</strong>");
            }
            sb.Append("</div>\n");
        }

        if (links is not null)
        {
            sb.Append("<div style=\"").Append(Muted).Append("font-size:13px;line-height:1.4;padding:4px 0 0 0;\">");
            AppendLinked(sb, links.Feedback(item.HitId), Html.Escape(locale.NotRelevantLink));
            sb.Append("</div>\n");
        }

        sb.Append("</td></tr>\n");
    }

    /// <param name="content">Already escaped.</param>
    private static void AppendLinked(StringBuilder sb, string link, string content) =>
        sb.Append("<a href=\"").Append(Html.Escape(link)).Append("\" style=\"").Append(LinkStyle).Append("\">")
            .Append(content).Append("</a>");

    /// <param name="content">Already escaped.</param>
    private static void AppendLinked(StringBuilder sb, Uri? link, string content)
    {
        if (link is null)
        {
            sb.Append(content);
            return;
        }
        sb.Append("<a href=\"").Append(Html.Escape(link.AbsoluteUri)).Append("\" style=\"").Append(LinkStyle).Append("\">")
            .Append(content).Append("</a>");
    }
}
