using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Feeds;

namespace Watcher.Cli;

/// <summary>watcher feeds import &lt;file.opml&gt; and watcher feeds export: OPML 2.0, as feed readers exchange subscriptions.</summary>
public static class FeedsOpmlCommands
{
    public static Command Import()
    {
        var file = new Argument<string>("file.opml") { Description = "An OPML file (any outline with an xmlUrl is a feed)." };
        return new Command("import", "Add every feed of an OPML file (feeds already there are left as they are).") { file }
            .WithServices(async (services, parse, ct) =>
            {
                var path = parse.GetValue(file)!;
                if (!File.Exists(path))
                    throw new CliException($"no such file: {path}");
                // The body limit of a fetch applies to files too (/dev/zero never ends).
                var cap = services.GetRequiredService<IOptions<PollingOptions>>().Value.MaxBodyBytes;
                var bytes = await CappedRead.ReadFileAsync(path, cap, ct)
                    ?? throw new CliException(string.Create(CultureInfo.InvariantCulture, $"the file is larger than {cap:N0} bytes (Polling:MaxBodyBytes)"));
                var feeds = Opml.Read(new MemoryStream(bytes, writable: false));
                var result = await services.GetRequiredService<FeedRegistry>().ImportAsync(feeds, ct);
                foreach (var invalid in result.Invalid)
                    Console.Error.WriteLine("watcher: skipped: " + invalid);
                Console.WriteLine($"Imported {result.Added} feed(s); {result.AlreadyThere} already there; {result.Invalid.Count} skipped");
                return CliRunner.Ok;
            });
    }

    public static Command Export()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        return new Command("export", "Print every feed as an OPML 2.0 document.") { output }
            .WithServices(async (services, parse, ct) =>
            {
                var feeds = await services.GetRequiredService<FeedRegistry>().ListAsync(ct);
                var opml = Opml.Write(feeds, services.GetRequiredService<TimeProvider>().GetUtcNow());
                if (parse.GetValue(output) is { } path)
                    await File.WriteAllTextAsync(path, opml, ct);
                else
                    Console.WriteLine(opml);
                return CliRunner.Ok;
            });
    }
}
