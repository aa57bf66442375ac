using System.Globalization;

namespace Watcher.Feeds.Parsing;

/// <summary>
/// Reads the dates feeds really publish: RFC 822 and its many sloppy variants (no day name,
/// named zones, no seconds, two-digit years, French/German/... month names) and ISO 8601.
/// Anything it cannot read with confidence gives null: a wrong date is worse than none.
/// </summary>
internal static class FeedDates
{
    private static readonly char[] Separators = [' ', ',', '\t', '\n', '\r'];

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var s = value.Trim();
        if (s.Length > 100)
        {
            return null;
        }
        try
        {
            return LooksIso(s) ? ParseIso(s) : ParseRfc822Like(s);
        }
        catch (ArgumentException)
        {
            // A value out of DateTime/DateTimeOffset's range that the checks above missed: one unreadable
            // date, never a failed feed.
            return null;
        }
    }

    private static bool LooksIso(string s) =>
        s.Length >= 10 && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2])
        && char.IsAsciiDigit(s[3]) && s[4] == '-';

    private static DateTimeOffset? ParseIso(string s)
    {
        // No zone means UTC (the contract); the framework parser otherwise assumes local time.
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return null;
        }
        return Truncate(parsed.ToUniversalTime());
    }

    private static DateTimeOffset? ParseRfc822Like(string s)
    {
        int day = -1, month = -1, year = -1, hour = 0, minute = 0, second = 0;
        TimeSpan? offset = null;
        bool sawTime = false;
        var tokens = s.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        foreach (var raw in tokens)
        {
            var token = raw;
            if (!sawTime && token.Contains(':', StringComparison.Ordinal))
            {
                var zoneStart = token.IndexOfAny(['+', '-', 'Z', 'z'], 1);
                var timePart = zoneStart > 0 ? token[..zoneStart] : token;
                if (!TryTime(timePart, out hour, out minute, out second))
                {
                    return null;
                }
                sawTime = true;
                if (zoneStart > 0)
                {
                    offset = TimeZones.Parse(token[zoneStart..]);
                    if (offset is null)
                    {
                        return null;
                    }
                }
                continue;
            }
            if (sawTime)
            {
                // After the time only a zone (or junk like "(CET)") may follow.
                if (offset is null)
                {
                    offset = TimeZones.Parse(token);
                    if (offset is null && (token[0] == '+' || token[0] == '-'))
                    {
                        return null; // a numeric zone we cannot read: the hour would be wrong
                    }
                }
                continue;
            }
            if (char.IsAsciiDigit(token[0]))
            {
                var digits = token.TrimEnd('.');
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    return null;
                }
                if (digits.Length == 4)
                {
                    year = n;
                }
                else if (day < 0 && digits.Length <= 2 && n is >= 1 and <= 31)
                {
                    day = n;
                }
                else if (year < 0 && digits.Length == 2)
                {
                    year = n < 50 ? 2000 + n : 1900 + n;
                }
                else
                {
                    return null;
                }
                continue;
            }
            var m = MonthNames.Find(token);
            if (m > 0)
            {
                if (month > 0)
                {
                    return null;
                }
                month = m;
            }
            // Other words are day names or fillers ("de", "à"): ignored.
        }
        if (day < 0 || month < 0 || year < 0 || year < 1900 || year > 2200 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }
        var zone = offset ?? TimeSpan.Zero;
        if (zone.Ticks % TimeSpan.TicksPerMinute != 0 || zone > TimeSpan.FromHours(14) || zone < TimeSpan.FromHours(-14))
        {
            return null;
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone).ToUniversalTime();
    }

    private static bool TryTime(string s, out int hour, out int minute, out int second)
    {
        hour = minute = second = 0;
        var parts = s.Split(':');
        if (parts.Length is < 2 or > 3)
        {
            return false;
        }
        var secText = parts.Length == 3 ? parts[2] : "0";
        var dot = secText.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            secText = secText[..dot];
        }
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out hour) && hour < 24
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minute) && minute < 60
            && int.TryParse(secText, NumberStyles.None, CultureInfo.InvariantCulture, out second) && second < 61
            && (second = Math.Min(second, 59)) >= 0;
    }

    private static DateTimeOffset Truncate(DateTimeOffset d) =>
        new(d.Ticks - (d.Ticks % TimeSpan.TicksPerSecond), d.Offset);
}
