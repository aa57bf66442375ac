using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Digest;

namespace Watcher.Cli;

/// <summary>watcher digest send|preview.</summary>
public static class DigestCommands
{
    public static Command Create()
    {
        var digest = new Command("digest", "Send or preview the digest of pending hits.");
        digest.Subcommands.Add(Send());
        digest.Subcommands.Add(Preview());
        return digest;
    }

    private static Command Send() =>
        new Command("send", "Send one digest of all pending hits now (none pending: nothing is sent).").WithServices(async (services, _, ct) =>
        {
            var result = await services.GetRequiredService<DigestDispatcher>().SendPendingAsync(ct);
            switch (result.Status)
            {
                case DigestSendStatus.NothingPending:
                    Console.WriteLine("No pending hits: nothing sent.");
                    return CliRunner.Ok;
                case DigestSendStatus.Sent:
                    Console.WriteLine($"Digest {result.DigestId} with {result.HitCount} hit(s) delivered to {result.Detail}.");
                    return CliRunner.Ok;
                default:
                    throw new CliException($"digest {result.DigestId} not delivered, its {result.HitCount} hit(s) stay pending: {result.Detail}");
            }
        });

    private static Command Preview()
    {
        var output = new Option<string?>("--out") { Description = "Write the HTML part to this file (default: print the text part)." };
        return new Command("preview", "Render the pending digest without sending it or marking anything.") { output }
            .WithServices(async (services, parse, ct) =>
            {
                var preview = await services.GetRequiredService<DigestDispatcher>().PreviewAsync(ct);
                if (preview is not { } p)
                {
                    Console.WriteLine("No pending hits: the next digest would be empty.");
                    return CliRunner.Ok;
                }
                if (parse.GetValue(output) is { } path)
                {
                    await File.WriteAllTextAsync(path, p.Digest.Html, ct);
                    Console.WriteLine($"{p.Digest.Subject}: HTML written to {Path.GetFullPath(path)}");
                }
                else
                {
                    Console.WriteLine("Subject: " + p.Digest.Subject);
                    Console.WriteLine();
                    Console.WriteLine(p.Digest.Text);
                }
                return CliRunner.Ok;
            });
    }
}
