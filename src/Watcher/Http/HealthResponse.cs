using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Watcher.Http;

/// <summary>A short JSON body: {"status":"ready"} or {"status":"unready","failing":{"database":"…"}}; never a stack trace.</summary>
internal static class HealthResponse
{
    public static Func<HttpContext, HealthReport, Task> Writer(string good, string bad) => async (context, report) =>
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status == HealthStatus.Unhealthy ? bad : good);
        var failing = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).ToList();
        if (failing.Count > 0)
        {
            json.WriteStartObject("failing");
            foreach (var (name, entry) in failing)
                json.WriteString(name, entry.Description ?? "failed");
            json.WriteEndObject();
        }
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    };
}
