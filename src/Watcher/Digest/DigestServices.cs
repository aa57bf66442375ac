using System.Net.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Scheduling;

namespace Watcher.Digest;

public static class DigestServices
{
    public static IServiceCollection AddDigest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DigestOptions>()
            .Bind(configuration.GetSection(DigestOptions.Section))
            .Validate(o => IsTimeZone(o.TimeZone), "Digest:TimeZone must be an IANA time zone such as Africa/Bamako or Europe/Paris")
            .Validate(o => IsCron(o.Cron), "Digest:Cron must be a cron expression such as '0 0 7 * * ?' (Quartz) or '0 7 * * *'")
            .Validate(o => o.Language is "fr" or "en", "Digest:Language must be fr or en")
            .Validate(o => o.Recipients.All(IsAddress), "Digest:Recipients must hold e-mail addresses")
            .Validate(o => !string.IsNullOrWhiteSpace(o.OutboxDirectory), "Digest:OutboxDirectory must not be empty")
            .ValidateOnStart();
        services.AddOptions<SmtpSettings>()
            .Bind(configuration.GetSection("Smtp"))
            .Validate(o => o.Port is > 0 and < 65536, "Smtp:Port must be between 1 and 65535")
            .Validate(o => string.IsNullOrWhiteSpace(o.Host) || IsAddress(o.From ?? ""), "Smtp:From must be an e-mail address when Smtp:Host is set")
            .Validate(o => string.IsNullOrWhiteSpace(o.Username) == string.IsNullOrWhiteSpace(o.Password), "Smtp:Username and Smtp:Password go together")
            .ValidateOnStart();
        services.AddOptions<DigestOptions>()
            .Validate<Microsoft.Extensions.Options.IOptions<SmtpSettings>>(
                (digest, smtp) => string.IsNullOrWhiteSpace(smtp.Value.Host) || digest.Recipients.Length > 0,
                "Digest:Recipients must name at least one address when Smtp:Host is set");
        services.AddSingleton<DigestTransportFactory>();
        services.AddSingleton<DigestDispatcher>();
        return services;
    }

    private static bool IsTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    private static bool IsAddress(string address) => MailAddress.TryCreate(address, out _);

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
}
