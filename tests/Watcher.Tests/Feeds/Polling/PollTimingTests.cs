using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds.Polling;

public sealed class PollTimingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 3, 17, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    [Fact]
    public void AThousandFeedsSpreadOverTheInterval()
    {
        var buckets = new int[10];
        for (long id = 1; id <= 1000; id++)
        {
            var next = PollTiming.NextPoll(id, Now, Interval, null);
            Assert.InRange(next, Now + Interval / 2, Now + Interval * 1.5);
            buckets[(int)((next - (Now + Interval / 2)) / (Interval / 10))]++;
        }
        // Each minute of the interval gets about a tenth of the feeds, never a crowd.
        Assert.All(buckets, count => Assert.InRange(count, 60, 140));
    }

    [Fact]
    public void AFeedKeepsItsSlotFromOnePollToTheNext()
    {
        var first = PollTiming.NextPoll(42, Now, Interval, null);
        var second = PollTiming.NextPoll(42, first, Interval, null);
        Assert.Equal(Interval, second - first);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(90)]
    [InlineData(600)]
    public void TheFeedsOwnFloorIsNeverUndercut(int minutes)
    {
        var floor = TimeSpan.FromMinutes(minutes);
        for (long id = 1; id <= 50; id++)
            Assert.True(PollTiming.NextPoll(id, Now, Interval, floor) >= Now + floor);
    }

    [Fact]
    public void AFloorBeyondADayIsCappedAtADay()
    {
        Assert.True(PollTiming.NextPoll(7, Now, Interval, TimeSpan.FromDays(30)) <= Now + TimeSpan.FromDays(1) + Interval);
    }

    [Theory]
    [InlineData("60", null, null, 60)]
    [InlineData(" 15 ", "daily", null, 15)]
    [InlineData(null, "hourly", "2", 30)]
    [InlineData(null, "daily", null, 1440)]
    [InlineData(null, "weekly", "7", 1440)]
    [InlineData("100000", null, null, 1440)]
    public void FeedFloorFromTtlOrSyndicationModule(string? ttl, string? period, string? frequency, int expectedMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), PollTiming.FeedFloor(ttl, period, frequency));
    }

    [Theory]
    [InlineData("0", null, null)]
    [InlineData("soon", null, null)]
    [InlineData(null, "fortnightly", null)]
    [InlineData(null, null, "3")]
    public void NoFloorWhenNothingReadable(string? ttl, string? period, string? frequency)
    {
        Assert.Null(PollTiming.FeedFloor(ttl, period, frequency));
    }

    [Fact]
    public void RetryAfterBeatsTheLadderOnlyWhenLonger()
    {
        var random = new Random(1);
        Assert.Equal(Now + TimeSpan.FromHours(3), PollTiming.NextRetry(Now, 1, TimeSpan.FromHours(3), random));
        var ladder = PollTiming.NextRetry(Now, 9, TimeSpan.FromSeconds(5), random);
        Assert.True(ladder >= Now + TimeSpan.FromHours(20));
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(600, 60)]
    [InlineData(3600, 60)]
    [InlineData(120, 12)]
    public void TheJobTicksOftenerThanTheInterval(int intervalSeconds, int tickSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(tickSeconds), PollTiming.Tick(TimeSpan.FromSeconds(intervalSeconds)));
    }

    [Fact]
    public void ParsedFeedCarriesTheFloor()
    {
        var feed = FeedParser.Parse("""<rss version="2.0"><channel><title>t</title><ttl>45</ttl></channel></rss>"""u8.ToArray());
        Assert.Equal(TimeSpan.FromMinutes(45), feed.MinPollInterval);
        var rdf = FeedParser.Parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
              <channel><title>t</title><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency></channel>
            </rdf:RDF>
            """u8.ToArray());
        Assert.Equal(TimeSpan.FromMinutes(15), rdf.MinPollInterval);
    }

    [Fact]
    public void FutureDatesBeyondToleranceAreNotBelieved()
    {
        Assert.Null(FeedPoller.Believable(Now + TimeSpan.FromHours(2), Now));
        Assert.Null(FeedPoller.Believable(null, Now));
        Assert.Equal(Now + TimeSpan.FromMinutes(5), FeedPoller.Believable(Now + TimeSpan.FromMinutes(5), Now));
        Assert.Equal(Now.AddYears(-1), FeedPoller.Believable(Now.AddYears(-1), Now));
    }
}
