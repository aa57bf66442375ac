using System.Net.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Watcher.Digest;

public static class DigestServices
{
    public static IServiceCollection AddDigest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DigestOptions>()
            .Bind(configuration.GetSection(DigestOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>();
        services.AddOptions<SmtpSettings>()
            .Bind(configuration.GetSection("Smtp"))
            .Validate(o => o.Port is > 0 and < 65536, "Smtp:Port must be between 1 and 65535")
            .Validate(o => string.IsNullOrWhiteSpace(o.Host) || IsAddress(o.From ?? ""), "Smtp:From must be an e-mail address when Smtp:Host is set")
            .Validate(o => string.IsNullOrWhiteSpace(o.Username) == string.IsNullOrWhiteSpace(o.Password), "Smtp:Username and Smtp:Password go together")
            .ValidateOnStart();
        services.AddSingleton<DigestTransportFactory>();
        services.AddSingleton<DigestDispatcher>();
        return services;
    }

    private static bool IsAddress(string address) => MailAddress.TryCreate(address, out _);
}
