using System.Text;

namespace Watcher.Digest;

/// <summary>The plain-text part: it must read well on its own, in a client that shows no HTML.</summary>
internal static class DigestTextWriter
{
    private const string Indent = "   ";
    private const int Width = 72;

    public static string Write(string heading, string zoneNote, IReadOnlyList<DigestItem> items, DigestLocale locale)
    {
        var sb = new StringBuilder();
        sb.Append(heading).Append('\n');
        sb.Append(zoneNote).Append('\n');
        sb.Append('\n');

        if (items.Count == 0)
            sb.Append(locale.NoArticles).Append('\n').Append('\n');

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
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
            if (item.Terms.Count > 0)
                AppendWrapped(sb, $"{locale.WhyLabel} {string.Join(", ", item.Terms)}");
            sb.Append('\n');
        }

        // "-- " is the signature separator mail clients recognise and fold away.
        sb.Append("-- \n").Append(locale.Footer).Append('\n');
        return sb.ToString();
    }

    private static void AppendWrapped(StringBuilder sb, string text)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && Indent.Length + line.Length + 1 + word.Length > Width)
            {
                sb.Append(Indent).Append(line).Append('\n');
                line.Clear();
            }
            if (line.Length > 0)
                line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0)
            sb.Append(Indent).Append(line).Append('\n');
    }
}
