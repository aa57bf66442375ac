using Watcher.Scheduling;
using Xunit;

namespace Watcher.Tests.Scheduling;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("0 0 7 * * ?")]
    [InlineData("0 7 * * *")]
    [InlineData("30 6 * * 1-5")]
    public void AcceptsQuartzAndCrontabForms(string cron) => Assert.NotNull(CronSchedule.Parse(cron));

    [Fact]
    public void CrontabFormFiresAtTheSameTimeAsTheQuartzForm()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var quartz = new Quartz.CronExpression(CronSchedule.Parse("0 0 7 * * ?").CronExpressionString, zone);
        var crontab = new Quartz.CronExpression(CronSchedule.Parse("0 7 * * *").CronExpressionString, zone);
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
