using System.Text;

namespace Watcher.Digest;

/// <summary>The plain-text part: it must read well on its own, in a client that shows no HTML.</summary>
internal static class DigestTextWriter
{
    private const string Indent = "   ";
    private const int Width = 72;

    public static string Write(DigestPage page)
    {
        var locale = page.Locale;
        var sb = new StringBuilder();
        sb.Append(page.Heading).Append('\n');

        if (page.Items.Count == 0)
        {
            sb.Append('\n').Append(locale.NothingNewLine).Append('\n').Append('\n');
        }
        else
        {
            sb.Append(page.ZoneNote).Append('\n').Append('\n');
        }

        for (var i = 0; i < page.Items.Count; i++)
        {
            var item = page.Items[i];
            sb.Append(i + 1).Append(". ").Append(item.Title).Append('\n');
            sb.Append(Indent);
            if (item.Outlet.Length > 0)
                sb.Append(item.Outlet).Append(" · ");
            sb.Append(item.When).Append('\n');
            if (item.SafeLink is not null)
                sb.Append(Indent).Append(item.SafeLink.AbsoluteUri).Append('\n');
            else if (item.UnsafeLink is not null)
                sb.Append(Indent).Append(locale.NonClickableLinkLabel).Append(' ').Append(item.UnsafeLink).Append('\n');
            if (item.Snippet.Length > 0)
                AppendWrapped(sb, item.Snippet);
            if (item.AlsoIn.Count > 0)
            {
                sb.Append(Indent).Append(locale.AlsoIn).Append('\n');
                foreach (var outlet in item.AlsoIn)
                {
                    sb.Append(Indent).Append("- ").Append(outlet.Name).Append(" · ").Append(outlet.When);
                    if (outlet.SafeLink is not null)
                        sb.Append(" · ").Append(outlet.SafeLink.AbsoluteUri);
                    sb.Append('\n');
                }
            }
            if (item.Terms.Count > 0)
                AppendWrapped(sb, $"{locale.WhyLabel} {string.Join(", ", item.Terms)}");
            // A link is never wrapped: on its own line, whole, so a client can still make it clickable.
            if (page.Links is { } links)
                sb.Append(Indent).Append(locale.NotRelevantLink).Append(locale.Colon).Append('\n').Append(Indent).Append(links.Feedback(item.HitId)).Append('\n');
            sb.Append('\n');
        }

        if (page.Links is { } digestLinks)
            sb.Append(locale.MissedLink).Append(locale.Colon).Append('\n').Append(digestLinks.Missed()).Append("\n\n");

        // "-- " is the signature separator mail clients recognise and fold away: the admin notes go below it.
        sb.Append("-- \n");
        if (page.AdminLines.Count > 0)
        {
            sb.Append(locale.AdminHeading).Append('\n');
            foreach (var line in page.AdminLines)
                AppendWrapped(sb.Append("- "), line, firstIndent: "");
            sb.Append('\n');
        }
        sb.Append(locale.Footer).Append('\n');
        if (page.Links is not null)
            sb.Append(locale.UnsubscribeLink).Append(locale.Colon).Append('\n').Append(page.Links.Unsubscribe()).Append('\n');
        return sb.ToString();
    }

    private static void AppendWrapped(StringBuilder sb, string text, string firstIndent = Indent)
    {
        var line = new StringBuilder();
        var indent = firstIndent;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && Indent.Length + line.Length + 1 + word.Length > Width)
            {
                sb.Append(indent).Append(line).Append('\n');
                indent = Indent;
                line.Clear();
            }
            if (line.Length > 0)
                line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0)
            sb.Append(indent).Append(line).Append('\n');
    }
}
