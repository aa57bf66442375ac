using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Watcher.Feeds;

public static class FeedsServices
{
    public static IServiceCollection AddFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PollingOptions>()
            .Bind(configuration.GetSection(PollingOptions.Section))
            .Validate(o => o.Interval >= TimeSpan.FromSeconds(10) && o.Interval <= TimeSpan.FromDays(1),
                "Polling:Interval must be between 00:00:10 and 1.00:00:00 (hh:mm:ss)")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.RequestTimeout <= TimeSpan.FromMinutes(10),
                "Polling:RequestTimeout must be between 00:00:01 and 00:10:00")
            .Validate(o => o.MaxBodyBytes is >= 1024 and <= PollingOptions.MaxBodyBytesLimit,
                "Polling:MaxBodyBytes must be between 1024 and 1073741824 (1 GB)")
            .Validate(o => o.MaxItemsPerFeed is >= 1 and <= 1_000_000, "Polling:MaxItemsPerFeed must be between 1 and 1000000")
            .Validate(o => o.MaxConcurrency is >= 1 and <= 256, "Polling:MaxConcurrency must be between 1 and 256")
            .Validate(o => o.MaxConcurrencyPerHost is >= 1 and <= 64, "Polling:MaxConcurrencyPerHost must be between 1 and 64")
            .Validate(o => o.MaxRedirects is >= 0 and <= 20, "Polling:MaxRedirects must be between 0 and 20")
            .Validate(o => o.FullFetchEvery >= TimeSpan.FromMinutes(1), "Polling:FullFetchEvery must be at least 00:01:00")
            .Validate(o => o.MaxRetryAfter >= TimeSpan.FromMinutes(1) && o.MaxRetryAfter <= TimeSpan.FromDays(7),
                "Polling:MaxRetryAfter must be between 00:01:00 and 7.00:00:00")
            .Validate(o => IsValidUserAgent(o.UserAgent),
                "Polling:UserAgent must be a valid User-Agent header value (product/version tokens and comments, e.g. \"Watcher/1.0 (+news desk)\")")
            .ValidateOnStart();
        services.AddHttpClient<FeedFetcher>(FeedFetcher.HttpClientName, (provider, client) =>
                FeedFetcher.Configure(client, provider.GetRequiredService<IOptions<PollingOptions>>().Value))
            .ConfigurePrimaryHttpMessageHandler(provider =>
                FeedFetcher.CreateHandler(provider.GetRequiredService<IOptions<PollingOptions>>().Value))
            // The factory's per-request log handlers (a scope and two lines per fetch, filtered out at the
            // shipped levels but built anyway) cost more CPU than a 304 itself; the poller logs what matters.
            .RemoveAllLoggers();
        services.AddSingleton<FeedPoller>();
        services.AddSingleton<FeedRegistry>();
        return services;
    }

    /// <summary>The check HttpClient would make later, when the first fetch creates the client.</summary>
    internal static bool IsValidUserAgent(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
            return false;
        using var request = new HttpRequestMessage();
        return request.Headers.UserAgent.TryParseAdd(userAgent);
    }
}
