using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Watcher.Tests.Cli;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Operations;

/// <summary>With the standard OTEL_EXPORTER_OTLP_ENDPOINT set, metrics and the poll's trace go there (an OTLP/HTTP receiver on 127.0.0.1).</summary>
[Collection(PostgresProcessCollection.Name)]
public sealed class OtlpExportTests(PostgresServer postgres)
{
    [Fact]
    public async Task MetricsAndPollTracesGoToTheOtlpEndpointEvenWithoutTheListener()
    {
        var received = new ConcurrentQueue<(string Path, string ContentType, byte[] Body)>();
        await using var server = await FeedServer.StartAsync();
        foreach (var path in new[] { "/v1/metrics", "/v1/traces" })
        {
            server.Respond(path, async context =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                received.Enqueue((context.Request.Path.Value!, context.Request.ContentType ?? "", body.ToArray()));
                context.Response.StatusCode = StatusCodes.Status200OK;
            });
        }
        server.ServeFile("/desk-fr.xml", TestPaths.TestData("EndToEnd", "desk-fr.xml"), "application/rss+xml; charset=utf-8");
        var outbox = Directory.CreateTempSubdirectory("watcher-ops-outbox-").FullName;
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__Watcher"] = await postgres.CreateDatabaseAsync(),
            ["Digest__OutboxDirectory"] = outbox,
            ["Http__Urls"] = "",
        };
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "feeds", "add", server.UrlFor("/desk-fr.xml").AbsoluteUri)).ExitCode);
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = server.BaseUri.AbsoluteUri.TrimEnd('/');
        env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        env["OTEL_BSP_SCHEDULE_DELAY"] = "500";
        using var service = WatcherProcess.Start(env, "run");

        // Bounded: exports every second once the service runs; the first poll fires as the scheduler starts.
        bool Has(string path, string text) => received.Any(r => r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!(Has("/v1/metrics", "watcher.items.new") && Has("/v1/metrics", "watcher.feeds") && Has("/v1/traces", "watcher.poll"))
            && DateTime.UtcNow < deadline && !service.HasExited)
        {
            await Task.Delay(250);
        }

        Assert.True(Has("/v1/metrics", "watcher.items.new"), service.Stdout + service.Stderr);
        // The gauges read from the database are exported too, with no /metrics scrape to read them.
        Assert.True(Has("/v1/metrics", "watcher.feeds"), service.Stdout + service.Stderr);
        Assert.True(Has("/v1/traces", "watcher.poll"), service.Stdout + service.Stderr);
        Assert.All(received, r => Assert.Equal("application/x-protobuf", r.ContentType));
        service.SendSigterm();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Directory.Delete(outbox, recursive: true);
    }
}
