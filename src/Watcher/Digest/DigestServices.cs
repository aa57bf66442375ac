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
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpSettings>, SmtpSettingsValidator>();
        services.AddSingleton<DigestTransportFactory>();
        services.AddSingleton<DigestDispatcher>();
        services.AddSingleton<ListOptOuts>();
        return services;
    }
}
