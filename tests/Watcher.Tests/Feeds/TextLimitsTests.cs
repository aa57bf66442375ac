using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds;

public sealed class TextLimitsTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(4000)]
    public void AnEmojiOnTheBoundaryIsDroppedWhole(int max)
    {
        var text = new string('a', max - 1) + "😀" + "tail";
        var cut = TextLimits.Truncate(text, max);
        Assert.Equal(max - 1, cut.Length);
        Assert.False(char.IsHighSurrogate(cut[^1]));
    }

    [Fact]
    public void AnEmojiBeforeTheBoundaryIsKept()
    {
        var text = new string('a', 998) + "😀" + "tail";
        Assert.Equal(new string('a', 998) + "😀", TextLimits.Truncate(text, 1000));
    }

    [Fact]
    public void ShortTextIsUnchanged() => Assert.Equal("abc", TextLimits.Truncate("abc", 1000));
}
