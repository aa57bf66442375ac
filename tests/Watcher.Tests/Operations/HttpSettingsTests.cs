using Watcher.Http;
using Watcher.Tests.Cli;
using Xunit;

namespace Watcher.Tests.Operations;

/// <summary>Http:Urls and Health:* are checked at start: one line naming the key, exit 2.</summary>
public sealed class HttpSettingsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://[::1]:8080")]
    [InlineData("http://127.0.0.1:8080; http://[::1]:8080")]
    [InlineData("")]
    [InlineData(" ")]
    public void ListenableAddressesPass(string urls) =>
        Assert.True(new HttpOptionsValidator().Validate(null, new HttpOptions { Urls = urls }).Succeeded);

    [Theory]
    [InlineData("https://127.0.0.1:8443")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080/metrics")]
    [InlineData("ftp://127.0.0.1")]
    public void OtherAddressesFailNamingTheKey(string urls)
    {
        var result = new HttpOptionsValidator().Validate(null, new HttpOptions { Urls = urls });
        Assert.True(result.Failed);
        Assert.StartsWith("Http:Urls: ", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyHttpUrlsTurnsTheListenerOff()
    {
        Assert.Empty(new HttpOptions { Urls = " ; " }.UrlList());
        Assert.Equal(["http://127.0.0.1:8080"], new HttpOptions().UrlList());
    }

    [Theory]
    [InlineData("Http__Urls", "https://127.0.0.1:8443", "Http:Urls")]
    [InlineData("Health__DatabaseOutageLimit", "00:00:00", "Health:DatabaseOutageLimit")]
    [InlineData("Health__SchedulerStallLimit", "00:00:05", "Health:SchedulerStallLimit")]
    public async Task TheServiceRefusesAWrongSettingBeforeStarting(string variable, string value, string key)
    {
        // No database is reached: the check comes first.
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__Watcher"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
            [variable] = value,
        };
        var (exitCode, _, stderr) = await WatcherProcess.RunAsync(env, null, "run");
        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("watcher: configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains(key, line, StringComparison.Ordinal);
    }
}
