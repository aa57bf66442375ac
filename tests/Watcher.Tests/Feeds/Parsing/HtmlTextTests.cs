using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

public sealed class HtmlTextTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("  plain   text\t here ", "plain text here")]
    [InlineData("L&#39;&eacute;t&eacute; &amp; l&rsquo;hiver", "L'été & l’hiver")]
    [InlineData("<p>Bamako</p><p>Moscou</p>", "Bamako\nMoscou")]
    [InlineData("un<br>deux<br/>trois", "un\ndeux\ntrois")]
    [InlineData("<b>Mali</b> et <i>Russie</i>", "Mali et Russie")]
    [InlineData("<script>alert('x')</script><style>p{}</style>Texte", "Texte")]
    [InlineData("&lt;p&gt;échappé &amp;amp; double&lt;/p&gt;", "échappé & double")]
    [InlineData("<div>  a \n\n  b  </div>  <div>c</div>", "a\nb\nc")]
    [InlineData("<ul><li>un</li><li>deux</li></ul>", "un\ndeux")]
    [InlineData("<table><tr><td>a</td><td>b</td></tr></table>", "a b")]
    [InlineData("a < b et c > d", "a < b et c > d")]
    [InlineData("<p>non fermé <b>gras", "non fermé gras")]
    public void Converts_html_fragments_to_text(string? html, string expected)
    {
        Assert.Equal(expected, HtmlText.ToPlainText(html));
    }

    [Fact]
    public void Huge_input_is_capped()
    {
        var html = string.Concat(Enumerable.Repeat("<p>mot</p>", 200_000));

        var text = HtmlText.ToPlainText(html);

        Assert.True(text.Length <= HtmlText.MaxInputChars, $"length {text.Length}");
        Assert.StartsWith("mot\nmot", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_does_not_overflow_the_stack()
    {
        var html = string.Concat(Enumerable.Repeat("<div><span>", 8_000)) + "fond";

        Assert.Equal("fond", HtmlText.ToPlainText(html));
    }
}
