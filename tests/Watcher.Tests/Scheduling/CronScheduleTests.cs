using Watcher.Scheduling;
using Xunit;

namespace Watcher.Tests.Scheduling;

public sealed class CronScheduleTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTimeOffset NextAfter(string cron, DateTimeOffset from)
    {
        var expression = new Quartz.CronExpression(CronSchedule.Parse(cron).CronExpressionString, TimeZoneInfo.Utc);
        return expression.GetNextValidTimeAfter(from) ?? throw new InvalidOperationException($"'{cron}' never fires after {from}");
    }

    [Theory]
    // Sunday 22 Nov 2026, 12:00 UTC.
    [InlineData("0 0 7 * * ?", "2026-11-23T07:00:00Z")]
    [InlineData("0 7 * * *", "2026-11-23T07:00:00Z")]
    [InlineData("0 30 6 ? * MON-FRI", "2026-11-23T06:30:00Z")]
    [InlineData("30 6 * * 1-5", "2026-11-23T06:30:00Z")]
    [InlineData("0 12 * * *", "2026-11-23T12:00:00Z")]
    public void AcceptsQuartzAndCrontabFormsAndFiresWhenExpected(string cron, string expected)
    {
        var from = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), NextAfter(cron, from));
    }

    [Fact]
    public void CrontabWeekdaysFireMondayToFridayOnly()
    {
        var fired = new List<DateTimeOffset>();
        var at = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 10; i++)
            fired.Add(at = NextAfter("30 6 * * 1-5", at));

        Assert.Equal(
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday,
             DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            fired.Select(f => f.DayOfWeek));
        Assert.All(fired, f => Assert.Equal(new TimeSpan(6, 30, 0), f.TimeOfDay));
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 6, 30, 0, TimeSpan.Zero), fired[^1]);
    }

    [Fact]
    public void CrontabFormFiresAtTheSameTimeAsTheQuartzForm()
    {
        var quartz = new Quartz.CronExpression(CronSchedule.Parse("0 0 7 * * ?").CronExpressionString, Paris);
        var crontab = new Quartz.CronExpression(CronSchedule.Parse("0 7 * * *").CronExpressionString, Paris);
        var from = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        var next = quartz.GetNextValidTimeAfter(from);
        Assert.Equal(next, crontab.GetNextValidTimeAfter(from));
        // 07:00 in Paris in winter is 06:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), next);
    }

    [Theory]
    [InlineData("every morning")]
    [InlineData("61 7 * * *")]
    [InlineData("")]
    public void RejectsWhatIsNotCron(string cron) => Assert.Throws<FormatException>(() => CronSchedule.Parse(cron));
}
