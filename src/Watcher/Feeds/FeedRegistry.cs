using Microsoft.EntityFrameworkCore;
using Watcher.Data;

namespace Watcher.Feeds;

/// <summary>The admin's list of feeds.</summary>
public sealed class FeedRegistry(IDbContextFactory<WatcherDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Adds a feed, or renames it when the URL is already there (idempotent on URL).</summary>
    public async Task<(Feed Feed, bool Added)> AddAsync(string url, string? name, CancellationToken ct)
    {
        var normalized = NormalizeUrl(url);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var feed = await db.Feeds.SingleOrDefaultAsync(f => f.Url == normalized, ct);
        if (feed is not null)
        {
            if (name is not null && name != feed.Name)
            {
                feed.Name = name;
                await db.SaveChangesAsync(ct);
            }
            return (feed, false);
        }
        feed = new Feed { Url = normalized, Name = name, CreatedAt = clock.GetUtcNow() };
        db.Feeds.Add(feed);
        await db.SaveChangesAsync(ct);
        return (feed, true);
    }

    public async Task<IReadOnlyList<Feed>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Feeds.AsNoTracking().OrderBy(f => f.Url).ToListAsync(ct);
    }

    public async Task<bool> RemoveAsync(string url, CancellationToken ct)
    {
        var normalized = NormalizeUrl(url);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Feeds.Where(f => f.Url == normalized).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>An absolute http(s) URL, or an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static string NormalizeUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{url}' is not an absolute http(s) URL");
        return uri.AbsoluteUri;
    }
}
