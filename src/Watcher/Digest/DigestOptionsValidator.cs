using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Watcher.Scheduling;

namespace Watcher.Digest;

/// <summary>Checks the Digest section at start-up; every failure names the key to fix.</summary>
/// <remarks>
/// Reads Smtp:Host from configuration, not from the validated SmtpSettings: a wrong Smtp section must be
/// reported once, by its own validator, as one configuration error.
/// </remarks>
internal sealed partial class DigestOptionsValidator(IConfiguration configuration) : IValidateOptions<DigestOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        var failures = new List<string>();
        var smtpHost = !string.IsNullOrWhiteSpace(configuration["Smtp:Host"]);
        CheckCommon("Digest", options.Recipients, options.Cron, options.TimeZone, options.Language, options.AlertScore, options.ListUnsubscribe, failures);
        if (string.IsNullOrWhiteSpace(options.OutboxDirectory))
            failures.Add("Digest:OutboxDirectory must not be empty");
        if (options.SilentAfter <= TimeSpan.Zero)
            failures.Add("Digest:SilentAfter must be a positive duration such as 2.00:00:00");
        if (options.Lookback <= TimeSpan.Zero)
            failures.Add("Digest:Lookback must be a positive duration such as 1.00:00:00");
        if (options.CheckInterval < TimeSpan.FromSeconds(1))
            failures.Add("Digest:CheckInterval must be at least 00:00:01");
        // The binder silently drops array items it cannot convert, so the raw values are checked.
        foreach (var delay in configuration.GetSection("Digest:RetryDelays").GetChildren())
        {
            if (!TimeSpan.TryParse(delay.Value, CultureInfo.InvariantCulture, out var wait) || wait <= TimeSpan.Zero)
                failures.Add($"{delay.Path} must be a positive duration such as 00:05:00 (got '{delay.Value}')");
        }
        if (!smtpHost && OutboxProblem(options.ResolveOutboxDirectory()) is { } problem)
            failures.Add($"Digest:OutboxDirectory must be a folder Watcher can write to ({problem})");

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Lists.Count; i++)
        {
            var list = options.Lists[i];
            var key = $"Digest:Lists:{i}";
            if (!ListName().IsMatch(list.Name ?? ""))
                failures.Add($"{key}:Name must be 1-40 letters, digits, '-' or '_' (got '{list.Name}')");
            else if (!names.Add(list.Name!))
                failures.Add($"{key}:Name '{list.Name}' is used by two lists");
            CheckCommon(key, list.Recipients, list.Cron, list.TimeZone, list.Language, list.AlertScore, list.ListUnsubscribe, failures);
            if (smtpHost && (list.Recipients ?? options.Recipients).Length == 0)
                failures.Add($"{key}:Recipients (or Digest:Recipients) must name at least one address when Smtp:Host is set");
        }
        if (options.Lists.Count == 0 && smtpHost && options.Recipients.Length == 0)
            failures.Add("Digest:Recipients must name at least one address when Smtp:Host is set");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckCommon(string key, string[]? recipients, string? cron, string? zone, string? language,
        double? alertScore, string? unsubscribe, List<string> failures)
    {
        if (recipients is not null && !recipients.All(MailAddresses.IsValid))
            failures.Add($"{key}:Recipients must hold e-mail addresses");
        if (cron is not null && !IsCron(cron))
            failures.Add($"{key}:Cron must be a cron expression such as '0 0 7 * * ?' (Quartz) or '0 7 * * *'");
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            failures.Add($"{key}:TimeZone must be an IANA time zone such as Africa/Bamako or Europe/Paris");
        if (language is not null and not ("fr" or "en"))
            failures.Add($"{key}:Language must be fr or en");
        if (alertScore is { } score && (double.IsNaN(score) || score <= 0))
            failures.Add($"{key}:AlertScore must be a positive score (or unset for no alerts)");
        if (!string.IsNullOrWhiteSpace(unsubscribe) && DigestMessageFactory.ListUnsubscribeHeader(unsubscribe) is null)
            failures.Add($"{key}:ListUnsubscribe must be a mailto: address or an https:// URL");
    }

    /// <summary>Null when the outbox folder is, or can be created, writable; found out without leaving anything behind.</summary>
    private static string? OutboxProblem(string directory)
    {
        var existing = directory;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
                return $"'{existing}' is a file";
            existing = Path.GetDirectoryName(existing);
            if (existing is null)
                return $"'{directory}' cannot be created";
        }
        var probe = Path.Combine(existing, ".watcher-write-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{existing}' is not writable: {e.Message}";
        }
    }

    private static bool IsCron(string cron)
    {
        try
        {
            CronSchedule.Parse(cron);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex ListName();
}
