using System.Text;
using System.Text.RegularExpressions;

namespace Watcher.Tests.Fixtures;

/// <summary>Header name → values, names compared case-insensitively, repeated headers kept in order.</summary>
public sealed class MimeHeaders
{
    private readonly List<KeyValuePair<string, string>> _all = [];

    public IReadOnlyList<KeyValuePair<string, string>> All => _all;

    public void Add(string name, string value) => _all.Add(new(name, value));

    public IReadOnlyList<string> GetAll(string name) =>
        [.. _all.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];

    /// <summary>The first value, or null.</summary>
    public string? this[string name] => GetAll(name) is [var first, ..] ? first : null;
}

/// <summary>One leaf part: its media type, charset and decoded text.</summary>
public sealed record MimeLeaf(string MediaType, string? Charset, string? TransferEncoding, string Text);

/// <summary>A parsed message or sub-part.</summary>
/// <param name="Headers">Unfolded; RFC 2047 encoded-words decoded.</param>
/// <param name="MediaType">Lower-case "type/subtype"; text/plain when absent.</param>
public sealed record MimeEntity(
    MimeHeaders Headers,
    string MediaType,
    IReadOnlyDictionary<string, string> ContentTypeParameters,
    IReadOnlyList<MimeEntity> Children,
    MimeLeaf? Leaf)
{
    public IEnumerable<MimeLeaf> Leaves() =>
        Leaf is not null ? [Leaf] : Children.SelectMany(c => c.Leaves());

    public string? TextBody => Leaves().FirstOrDefault(l => l.MediaType == "text/plain")?.Text;

    public string? HtmlBody => Leaves().FirstOrDefault(l => l.MediaType == "text/html")?.Text;

    public string? Subject => Headers["Subject"];
}

/// <summary>
/// A small MIME reader for tests (MimeKit is not available): headers with folding and encoded
/// words, nested multiparts, quoted-printable and base64, any charset .NET knows.
/// </summary>
public static partial class MimeMessageReader
{
    public static MimeEntity Parse(string raw)
    {
        var text = raw.ReplaceLineEndings("\n");
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var headerBlock = split < 0 ? text : text[..split];
        var body = split < 0 ? "" : text[(split + 2)..];

        var headers = ParseHeaders(headerBlock);
        var (mediaType, parameters) = ParseContentType(headers["Content-Type"]);

        if (mediaType.StartsWith("multipart/", StringComparison.Ordinal))
        {
            if (!parameters.TryGetValue("boundary", out var boundary) || boundary.Length == 0)
                throw new FormatException($"{mediaType} without a boundary.");
            var children = SplitMultipart(body, boundary).Select(Parse).ToList();
            return new MimeEntity(headers, mediaType, parameters, children, null);
        }

        var encoding = headers["Content-Transfer-Encoding"]?.Trim().ToLowerInvariant();
        parameters.TryGetValue("charset", out var charset);
        var bytes = encoding switch
        {
            "quoted-printable" => DecodeQuotedPrintable(body),
            "base64" => Convert.FromBase64String(new string([.. body.Where(c => !char.IsWhiteSpace(c))])),
            _ => Encoding.UTF8.GetBytes(body),
        };
        var decoded = CharsetEncoding(charset).GetString(bytes);
        return new MimeEntity(headers, mediaType, parameters, [], new MimeLeaf(mediaType, charset, encoding, decoded));
    }

    private static MimeHeaders ParseHeaders(string block)
    {
        var headers = new MimeHeaders();
        string? name = null;
        var value = new StringBuilder();
        foreach (var line in block.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && name is not null)
            {
                // Unfolding removes the line break only, keeping the leading white space.
                value.Append(line);
                continue;
            }
            if (name is not null)
                headers.Add(name, DecodeEncodedWords(value.ToString().Trim()));
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                name = null;
                continue;
            }
            name = line[..colon].Trim();
            value.Clear().Append(line.AsSpan(colon + 1));
        }
        if (name is not null)
            headers.Add(name, DecodeEncodedWords(value.ToString().Trim()));
        return headers;
    }

    private static (string MediaType, Dictionary<string, string> Parameters) ParseContentType(string? header)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(header))
            return ("text/plain", parameters);

        var semicolon = header.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? header : header[..semicolon]).Trim().ToLowerInvariant();
        if (semicolon >= 0)
        {
            foreach (Match m in ParameterPattern().Matches(header[(semicolon + 1)..]))
            {
                var v = m.Groups["q"].Success ? m.Groups["q"].Value.Replace("\\\"", "\"", StringComparison.Ordinal) : m.Groups["t"].Value;
                parameters[m.Groups["name"].Value] = v;
            }
        }
        return (mediaType, parameters);
    }

    private static IEnumerable<string> SplitMultipart(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var current = (List<string>?)null;
        foreach (var line in body.Split('\n'))
        {
            var trimmed = line.TrimEnd(' ', '\t');
            if (trimmed == delimiter + "--")
            {
                if (current is not null)
                    yield return string.Join('\n', current);
                yield break;
            }
            if (trimmed == delimiter)
            {
                if (current is not null)
                    yield return string.Join('\n', current);
                current = [];
                continue;
            }
            current?.Add(line);
        }
        throw new FormatException($"Multipart body has no closing delimiter {delimiter}--.");
    }

    private static byte[] DecodeQuotedPrintable(string body)
    {
        var output = new List<byte>(body.Length);
        var lines = body.Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            // Trailing white space on a line is transport padding (RFC 2045 6.7 rule 3).
            var line = lines[l].TrimEnd(' ', '\t');
            var soft = line.EndsWith('=');
            if (soft)
                line = line[..^1];
            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] == '=' && i + 2 < line.Length && Uri.IsHexDigit(line[i + 1]) && Uri.IsHexDigit(line[i + 2]))
                {
                    output.Add(Convert.ToByte(line.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    output.AddRange(Encoding.UTF8.GetBytes(line[i].ToString()));
                }
            }
            if (!soft && l < lines.Length - 1)
                output.Add((byte)'\n');
        }
        return [.. output];
    }

    /// <summary>RFC 2047: =?charset?B|Q?text?= ; white space between adjacent encoded words is dropped.</summary>
    public static string DecodeEncodedWords(string value)
    {
        var result = EncodedWordPattern().Replace(value, m =>
        {
            var charset = CharsetEncoding(m.Groups["charset"].Value);
            var text = m.Groups["text"].Value;
            var bytes = m.Groups["enc"].Value.ToUpperInvariant() == "B"
                ? Convert.FromBase64String(text)
                : DecodeQ(text);
            return "\u0001" + charset.GetString(bytes) + "\u0002";
        });
        result = AdjacentWordGap().Replace(result, "");
        return result.Replace("\u0001", "", StringComparison.Ordinal).Replace("\u0002", "", StringComparison.Ordinal);
    }

    private static byte[] DecodeQ(string text)
    {
        var output = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_')
                output.Add((byte)' ');
            else if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                output.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
                output.Add((byte)text[i]);
        }
        return [.. output];
    }

    private static Encoding CharsetEncoding(string? charset) =>
        string.IsNullOrWhiteSpace(charset) ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim().Trim('"'));

    [GeneratedRegex(@"=\?(?<charset>[^?*]+)(\*[^?]*)?\?(?<enc>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWordPattern();

    [GeneratedRegex("\u0002[ \t]+\u0001")]
    private static partial Regex AdjacentWordGap();

    [GeneratedRegex(@"(?<name>[A-Za-z0-9!#$%&'*+.^_`{|}~-]+)\s*=\s*(?:""(?<q>(?:[^""\\]|\\.)*)""|(?<t>[^;\s]+))")]
    private static partial Regex ParameterPattern();
}
