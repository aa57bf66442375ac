namespace Watcher.Feeds.Parsing;

/// <summary>Resolves relative links against xml:base and the document's own URL.</summary>
internal static class Links
{
    /// <summary>The link made absolute when a base allows it, else the link as written.</summary>
    public static string? Resolve(Uri? baseUri, string? link)
    {
        if (string.IsNullOrEmpty(link) || baseUri is null || HasScheme(link))
        {
            return link;
        }
        return Uri.TryCreate(baseUri, link, out var absolute) ? absolute.AbsoluteUri : link;
    }

    /// <summary>The new base after an xml:base attribute; relative bases stack on the current one.</summary>
    public static Uri? Rebase(Uri? current, string? xmlBase)
    {
        if (string.IsNullOrWhiteSpace(xmlBase))
        {
            return current;
        }
        var value = xmlBase.Trim();
        if (HasScheme(value))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var abs) ? abs : current;
        }
        return current is not null && Uri.TryCreate(current, value, out var combined) ? combined : current;
    }

    /// <summary>"http:", "mailto:"... (on Unix a bare "/path" would otherwise count as an absolute file URI).</summary>
    public static bool HasScheme(string s)
    {
        if (s.Length < 2 || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }
        for (int i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ':')
            {
                return true;
            }
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }
        return false;
    }
}
