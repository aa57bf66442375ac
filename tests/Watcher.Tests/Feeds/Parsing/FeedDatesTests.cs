using Watcher.Feeds.Parsing;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

public sealed class FeedDatesTests
{
    [Theory]
    [InlineData("Sat, 07 Jan 2017 15:39:39 +0100", "2017-01-07T14:39:39Z")]
    [InlineData("Fri, 6 Jan 2017 19:18:00 -0500", "2017-01-07T00:18:00Z")]
    [InlineData("07 Jan 2017 17:12:53 +0300", "2017-01-07T14:12:53Z")]
    [InlineData("Wed, 09 Mar 2016 13:00:00 EST", "2016-03-09T18:00:00Z")]
    [InlineData("Wed, 09 Mar 2016 13:00:00 PDT", "2016-03-09T20:00:00Z")]
    [InlineData("Mon, 30 Sep 2002 01:56:02 GMT", "2002-09-30T01:56:02Z")]
    [InlineData("Mon, 30 Sep 2002 01:56:02 UT", "2002-09-30T01:56:02Z")]
    [InlineData("Mon, 30 Sep 2002 01:56:02 Z", "2002-09-30T01:56:02Z")]
    [InlineData("Mon, 30 Sep 2002 01:56 GMT", "2002-09-30T01:56:00Z")]
    [InlineData("Mon, 30 Sep 02 01:56:02 GMT", "2002-09-30T01:56:02Z")]
    [InlineData("30 Sep 2002 01:56:02", "2002-09-30T01:56:02Z")]
    [InlineData("Tue, 3 Jan 2017 16:51:11 +01:00", "2017-01-03T15:51:11Z")]
    [InlineData("lun., 07 janv. 2019 10:00:00 +0100", "2019-01-07T09:00:00Z")]
    [InlineData("mardi 12 février 2019 08:30:00 +0100", "2019-02-12T07:30:00Z")]
    [InlineData("Mi, 14 Okt 2020 12:00:00 +0200", "2020-10-14T10:00:00Z")]
    [InlineData("Do, 05 Mär 2020 09:15:00 GMT", "2020-03-05T09:15:00Z")]
    [InlineData("12 décembre 2018 10:00", "2018-12-12T10:00:00Z")]
    [InlineData("2017-01-07T09:00:01-05:00", "2017-01-07T14:00:01Z")]
    [InlineData("2018-11-20T18:30:00.000Z", "2018-11-20T18:30:00Z")]
    [InlineData("2019-10-12T07:20:50.52Z", "2019-10-12T07:20:50Z")]
    [InlineData("2019-10-12T07:20:50", "2019-10-12T07:20:50Z")]
    [InlineData("2019-10-12", "2019-10-12T00:00:00Z")]
    public void Reads_rfc822_iso8601_and_localized_dates(string input, string expectedUtc)
    {
        var parsed = FeedDates.Parse(input);

        Assert.NotNull(parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Value.Offset);
        Assert.Equal(expectedUtc, parsed.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Fri, 11 Mar 2016 01:15:00 +3000")]
    [InlineData("Fri, 31 Feb 2016 01:15:00 GMT")]
    [InlineData("Fri, 11 Mar 2016 25:15:00 GMT")]
    [InlineData("Fri, 11 jui 2016 10:15:00 GMT")]
    [InlineData("11 Mar 10:15:00 GMT")]
    public void Unreadable_dates_are_null_never_guessed(string? input)
    {
        Assert.Null(FeedDates.Parse(input));
    }
}
