using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Watcher.Relevance;

public static class RelevanceServices
{
    public static IServiceCollection AddRelevance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RelevanceOptions>()
            .Bind(configuration.GetSection(RelevanceOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.SeedsDirectory), "Relevance:SeedsDirectory must not be empty")
            .ValidateOnStart();
        services.AddSingleton<KeywordStore>();
        services.AddSingleton<KeywordLearning>();
        return services;
    }
}
