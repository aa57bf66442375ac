using System.Text;

namespace Watcher.Digest;

/// <summary>Escaping for text and attribute values; every feed-supplied string goes through it.</summary>
internal static class Html
{
    /// <summary>
    /// Escapes the five characters that matter in text and quoted attributes, and nothing else,
    /// so accented letters stay readable in the source (WebUtility would turn "é" into "&amp;#233;").
    /// </summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return string.Empty;
        var sb = new StringBuilder(value.Length + 16);
        AppendEscaped(sb, value);
        return sb.ToString();
    }

    public static void AppendEscaped(StringBuilder sb, ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }
    }

    /// <summary>Escapes <paramref name="text"/>, wrapping each span in the given opening and closing tags.</summary>
    public static string EscapeWithMarks(string text, IReadOnlyList<TextSpan> marks, string open, string close)
    {
        var sb = new StringBuilder(text.Length + marks.Count * (open.Length + close.Length) + 16);
        var at = 0;
        foreach (var mark in marks)
        {
            AppendEscaped(sb, text.AsSpan(at, mark.Start - at));
            sb.Append(open);
            AppendEscaped(sb, text.AsSpan(mark.Start, mark.Length));
            sb.Append(close);
            at = mark.End;
        }
        AppendEscaped(sb, text.AsSpan(at));
        return sb.ToString();
    }
}
