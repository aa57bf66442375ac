using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Digest;

namespace Watcher.Cli;

/// <summary>watcher digest send|preview|history|resend|dismiss.</summary>
public static class DigestCommands
{
    public static Command Create()
    {
        var digest = new Command("digest", "Send, preview, list or resend the digests of each recipient list.");
        digest.Subcommands.Add(Send());
        digest.Subcommands.Add(Preview());
        digest.Subcommands.Add(History());
        digest.Subcommands.Add(Resend());
        digest.Subcommands.Add(Dismiss());
        return digest;
    }

    private static Option<string?> ListOption() =>
        new("--list") { Description = "The recipient list (Digest:Lists:N:Name); default: the first list." };

    private static Command Send()
    {
        var list = ListOption();
        return new Command("send", "Send the list's digest of pending hits now (none pending: nothing, or « rien de nouveau » if the list sends it).") { list }
            .WithServices(async (services, parse, ct) =>
            {
                var result = await services.GetRequiredService<DigestDispatcher>().SendPendingAsync(parse.GetValue(list), ct);
                switch (result.Status)
                {
                    case DigestSendStatus.NothingPending:
                        Console.WriteLine($"List {result.ListName}: no pending hits, nothing sent.");
                        return CliRunner.Ok;
                    case DigestSendStatus.NoRecipients:
                        Console.WriteLine($"List {result.ListName}: every recipient has unsubscribed (see `watcher lists`), nothing sent; the hits wait.");
                        return CliRunner.Ok;
                    case DigestSendStatus.Sent:
                        Console.WriteLine($"Digest {result.DigestId} ({result.Kind}, list {result.ListName}) with {result.HitCount} hit(s) delivered to {result.Detail}.");
                        if (result.RejectedRecipients is { } refused)
                            Console.WriteLine($"Refused by the server (the others got it): {refused}");
                        return CliRunner.Ok;
                    case DigestSendStatus.Unconfirmed:
                        throw new CliException($"digest {result.DigestId} (list {result.ListName}) may not have arrived: {result.Detail}. "
                            + $"It is not sent again automatically: check the mailbox for Message-ID {result.MessageId}, then "
                            + $"`watcher digest resend {result.DigestId}`, or `watcher digest dismiss {result.DigestId}` if it arrived");
                    default:
                        throw new CliException($"digest {result.DigestId} (list {result.ListName}) not delivered, its {result.HitCount} hit(s) stay pending: {result.Detail}");
                }
            });
    }

    private static Command Preview()
    {
        var list = ListOption();
        var output = new Option<string?>("--out") { Description = "Write the HTML part to this file (default: print the text part)." };
        return new Command("preview", "Render what the list would receive now, without sending it or marking anything.") { list, output }
            .WithServices(async (services, parse, ct) =>
            {
                var preview = await services.GetRequiredService<DigestDispatcher>().PreviewAsync(parse.GetValue(list), ct);
                if (preview.Digest is not { } digest)
                {
                    Console.WriteLine(preview.Recipients.Count == 0
                        ? $"List {preview.List.Name}: every recipient has unsubscribed (see `watcher lists`), nothing would be sent."
                        : $"List {preview.List.Name}: no pending hits, and the list sends nothing on an empty day.");
                    return CliRunner.Ok;
                }
                if (parse.GetValue(output) is { } path)
                {
                    await File.WriteAllTextAsync(path, digest.Html, ct);
                    Console.WriteLine($"{digest.Subject}: HTML written to {Path.GetFullPath(path)}");
                }
                else
                {
                    Console.WriteLine("To: " + string.Join(", ", preview.Recipients));
                    Console.WriteLine("Subject: " + digest.Subject);
                    Console.WriteLine();
                    Console.WriteLine(digest.Text);
                }
                return CliRunner.Ok;
            });
    }

    private static Command History()
    {
        var list = ListOption();
        list.Description = "Only this list's digests.";
        var limit = new Option<int>("--limit") { Description = "How many, newest first.", DefaultValueFactory = _ => 30 };
        return new Command("history", "List past digests and alerts: id, list, kind, created, sent, status, hits, subject, Message-ID, the recipients the server refused, and those that may not have arrived.") { list, limit }
            .WithServices(async (services, parse, ct) =>
            {
                var runs = await services.GetRequiredService<DigestDispatcher>().HistoryAsync(parse.GetValue(list), parse.GetValue(limit), ct);
                if (runs.Count == 0)
                {
                    Console.WriteLine("No digest sent yet.");
                    return CliRunner.Ok;
                }
                Console.WriteLine($"{"ID",6} {"LIST",-12} {"KIND",-6} {"CREATED (UTC)",-16} {"SENT (UTC)",-16} {"STATUS",-11} {"HITS",4} SUBJECT | MESSAGE-ID");
                foreach (var run in runs)
                    Console.WriteLine(Row(run));
                return CliRunner.Ok;
            });
    }

    internal static string Row(DigestHistoryEntry run) =>
        $"{run.Id,6} {run.ListName,-12} {run.Kind,-6} {Time(run.CreatedAt),-16} {(run.SentAt is { } sent ? Time(sent) : "-"),-16} {run.Status,-11} {run.HitCount,4} "
        + $"{run.Subject ?? "-"} | {run.MessageId}"
        + (run.ResendOf is { } of ? $" (resend of {of})" : "")
        + (run.Error is { } error ? $" [error: {error}]" : "")
        + (run.RejectedRecipients is { } rejected ? $" [refused by the server: {rejected}]" : "")
        + (run.Status == Data.DigestStatuses.Sending && run.Phase is { } phase ? $" [phase {phase}]" : "")
        + (run.AwaitsCheck ? $" [may not have arrived: check the mailbox for this Message-ID, then `watcher digest resend {run.Id}`, or `watcher digest dismiss {run.Id}` if it arrived]" : "")
        + (run.CheckedAt is { } checkedAt ? $" [checked {Time(checkedAt)}]" : "");

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static Command Resend()
    {
        var id = new Argument<long>("id") { Description = "The digest's id in `watcher digest history`." };
        return new Command("resend", "Send a past digest again, word for word, with a new Message-ID, to its list's current recipients.") { id }
            .WithServices(async (services, parse, ct) =>
            {
                var result = await services.GetRequiredService<DigestDispatcher>().ResendAsync(parse.GetValue(id), ct);
                if (result.Status != DigestSendStatus.Sent)
                    throw new CliException($"resend of digest {parse.GetValue(id)} not delivered: {result.Detail}");
                Console.WriteLine($"Digest {parse.GetValue(id)} sent again as digest {result.DigestId}, delivered to {result.Detail}.");
                return CliRunner.Ok;
            });
    }

    private static Command Dismiss()
    {
        var id = new Argument<long>("id") { Description = "The ambiguous digest's id in `watcher digest history`." };
        return new Command("dismiss", "Mark a digest that may not have arrived as checked (it did arrive): it is no longer reported.") { id }
            .WithServices(async (services, parse, ct) =>
            {
                var dismissed = await services.GetRequiredService<DigestDispatcher>().DismissAsync(parse.GetValue(id), ct);
                Console.WriteLine(dismissed
                    ? $"Digest {parse.GetValue(id)} marked checked; it is no longer reported."
                    : $"Digest {parse.GetValue(id)} was already checked.");
                return CliRunner.Ok;
            });
    }
}
