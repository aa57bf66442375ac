using Watcher.Feeds.Parsing;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

/// <summary>No date string may throw out of the parser: a bad date is one unreadable date, never a failed feed.</summary>
public sealed class NastyDatesTests
{
    public static TheoryData<string> Nasty => new()
    {
        "Mon, 01 Jan 2024 10:00:00 +1430",
        "Mon, 01 Jan 2024 10:00:00 -1430",
        "Mon, 01 Jan 2024 10:00:00 +1459",
        "Mon, 01 Jan 2024 10:00:00 GMT+1430",
        "Mon, 01 Jan 2024 10:00:00 UTC-14:01",
        "Mon, 01 Jan 2024 10:00:00 +9999",
        "Mon, 01 Jan 2024 10:00:00 +99",
        "Mon, 01 Jan 2024 10:00:00 +1460",
        "Mon, 01 Jan 2024 24:00:00 GMT",
        "Mon, 01 Jan 2024 23:59:60 GMT",
        "Mon, 01 Jan 2024 99:99:99 GMT",
        "31 Feb 2024 10:00:00 GMT",
        "01 Jan 0001 00:00:00 +1400",
        "31 Dec 9999 23:59:59 -1400",
        "01 Jan 1900 00:00:00 +1400",
        "31 Dec 2200 23:59:59 -1400",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "2024-01-01T10:00:00+14:30",
        "2024-13-45T99:99:99Z",
        "2024-01-01T10:00:00.99999999999999999999Z",
        "Mon, 01 Jan 99999999999 10:00:00 GMT",
        "Mon, 99999999999 Jan 2024 10:00:00 GMT",
        "Mon, 01 Jan 2024 10:00:00 +",
        "Mon, 01 Jan 2024 10:00:00 -",
        "Mon, 01 Jan 2024 10:00:00 GMT+",
        "Mon, 01 Jan 2024 ::: GMT",
        "\0\0\0\0\0\0\0\0\0\0\0",
        "2024-\uD800-01",
        "+1430",
    };

    [Theory]
    [MemberData(nameof(Nasty))]
    public void NeverThrows(string value)
    {
        var parsed = FeedDates.Parse(value);
        Assert.True(parsed is null || parsed.Value.Offset == TimeSpan.Zero);
    }

    [Theory]
    [InlineData("Mon, 01 Jan 2024 10:00:00 +1430")]
    [InlineData("Mon, 01 Jan 2024 10:00:00 -1401")]
    public void OffsetsBeyondFourteenHoursAreUnreadable(string value) => Assert.Null(FeedDates.Parse(value));

    [Fact]
    public void FourteenHoursIsStillRead() =>
        Assert.Equal(new DateTimeOffset(2023, 12, 31, 20, 0, 0, TimeSpan.Zero), FeedDates.Parse("Mon, 01 Jan 2024 10:00:00 +1400"));
}
