using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds;

public sealed class RetryLadderTests
{
    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 300)]
    [InlineData(9, 86400)]
    [InlineData(50, 86400)]
    public void ClimbsFromAMinuteToADayWithinTenPercent(int failures, double seconds)
    {
        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var delay = RetryLadder.Delay(failures, random).TotalSeconds;
            Assert.InRange(delay, seconds * 0.9, seconds * 1.1);
        }
    }
}
