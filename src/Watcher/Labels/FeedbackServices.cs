using Microsoft.Extensions.DependencyInjection;

namespace Watcher.Labels;

public static class FeedbackServices
{
    public static IServiceCollection AddLabels(this IServiceCollection services)
    {
        services.AddSingleton<FeedbackStore>();
        // Built on the feed fetcher, a typed HttpClient: transient like it.
        services.AddTransient<PageFetcher>();
        return services;
    }
}
