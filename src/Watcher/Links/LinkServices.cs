using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Data;

namespace Watcher.Links;

public static class LinkServices
{
    /// <summary>Every host, CLI included: `watcher digest send` signs links the service must accept.</summary>
    public const string ApplicationName = "watcher";

    public static IServiceCollection AddLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DigestLinkOptions>()
            .Bind(configuration.GetSection(DigestLinkOptions.FeedbackSection))
            .Configure(o => o.PublicBaseUrl = configuration[DigestLinkOptions.PublicBaseUrlKey])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DigestLinkOptions>, DigestLinkOptionsValidator>();
        // One application name and one key store: links made by any instance or CLI process are read by all.
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<WatcherDbContext>();
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<DigestLinkFactory>();
        return services;
    }
}
