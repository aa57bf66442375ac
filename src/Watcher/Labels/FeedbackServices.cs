using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Feeds;
using Watcher.Links;

namespace Watcher.Labels;

public static class FeedbackServices
{
    public static IServiceCollection AddLabels(this IServiceCollection services)
    {
        services.AddSingleton<FeedbackStore>();
        // Built on the feed fetcher, a typed HttpClient: transient like it.
        services.AddTransient<PageFetcher>();
        services.AddHttpClient(MissedArticleReader.HttpClientName, (provider, client) =>
                FeedFetcher.Configure(client, provider.GetRequiredService<IOptions<PollingOptions>>().Value))
            .ConfigurePrimaryHttpMessageHandler(provider => MissedArticleReader.CreateHandler(
                provider.GetRequiredService<IOptions<PollingOptions>>().Value, provider.GetRequiredService<IOptions<DigestLinkOptions>>().Value));
        services.AddSingleton<MissedArticleReader>();
        return services;
    }
}
