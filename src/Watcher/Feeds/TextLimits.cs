namespace Watcher.Feeds;

/// <summary>Cutting text to a length without splitting a UTF-16 surrogate pair (half an emoji is not valid text).</summary>
public static class TextLimits
{
    public static string Truncate(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (text.Length <= max)
            return text;
        var cut = max > 0 && char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut];
    }
}
