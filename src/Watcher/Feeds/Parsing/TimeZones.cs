using System.Globalization;

namespace Watcher.Feeds.Parsing;

/// <summary>RFC 822 zone names, the abbreviations feeds actually use, and numeric offsets.</summary>
internal static class TimeZones
{
    private static readonly Dictionary<string, int> NamedHours = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["WET"] = 0,
        ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5,
        ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
        ["AKST"] = -9, ["AKDT"] = -8, ["HST"] = -10,
        ["BST"] = 1, ["WEST"] = 1, ["CET"] = 1, ["MEZ"] = 1, ["CEST"] = 2, ["MESZ"] = 2,
        ["EET"] = 2, ["EEST"] = 3, ["MSK"] = 3, ["JST"] = 9, ["KST"] = 9,
        ["AEST"] = 10, ["AEDT"] = 11,
    };

    /// <summary>The offset, or null when the text is not a zone we can trust.</summary>
    public static TimeSpan? Parse(string token)
    {
        var t = token.Trim('(', ')', '.');
        if (t.Length == 0)
        {
            return null;
        }
        if (t[0] is '+' or '-')
        {
            return Numeric(t);
        }
        // "GMT+0100", "UTC-5"
        foreach (var prefix in (ReadOnlySpan<string>)["GMT", "UTC"])
        {
            if (t.Length > prefix.Length && t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && t[prefix.Length] is '+' or '-')
            {
                return Numeric(t[prefix.Length..]);
            }
        }
        return NamedHours.TryGetValue(t, out var hours) ? TimeSpan.FromHours(hours) : null;
    }

    private static TimeSpan? Numeric(string t)
    {
        var sign = t[0] == '-' ? -1 : 1;
        var digits = t[1..].Replace(":", "", StringComparison.Ordinal);
        if (digits.Length is not (1 or 2 or 4)
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }
        int hours = digits.Length == 4 ? n / 100 : n, minutes = digits.Length == 4 ? n % 100 : 0;
        // DateTimeOffset refuses offsets beyond ±14:00 (+1430 would throw, not just be wrong).
        if (minutes >= 60 || hours * 60 + minutes > 14 * 60)
        {
            return null;
        }
        return TimeSpan.FromMinutes(sign * (hours * 60 + minutes));
    }
}
