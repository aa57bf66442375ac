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
            .Validate(o => string.IsNullOrWhiteSpace(o.LexiconPath) || File.Exists(o.ResolveLexiconPath()),
                "Relevance:LexiconPath must name an existing lexicon file (leave it empty for the shipped one)")
            .Validate(o => o.MinBackgroundItems >= 0, "Relevance:MinBackgroundItems must be 0 or more")
            .Validate(o => o.MaxBackgroundItems >= 0, "Relevance:MaxBackgroundItems must be 0 or more")
            .Validate(o => o.MinBackgroundItems <= o.MaxBackgroundItems,
                "Relevance:MinBackgroundItems must not exceed Relevance:MaxBackgroundItems (the background would never be used)")
            .Validate(o => o.BackgroundWindow > TimeSpan.Zero, "Relevance:BackgroundWindow must be a positive duration such as 30.00:00:00")
            .ValidateOnStart();
        services.AddSingleton<KeywordStore>();
        services.AddSingleton<KeywordLearning>();
        services.AddSingleton<KeywordDryRun>();
        return services;
    }
}
