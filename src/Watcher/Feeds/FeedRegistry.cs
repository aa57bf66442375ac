using Microsoft.EntityFrameworkCore;
using Watcher.Data;

namespace Watcher.Feeds;

/// <summary>The admin's list of feeds.</summary>
public sealed class FeedRegistry(IDbContextFactory<WatcherDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Adds a feed, or renames and relabels it when the URL is already there (idempotent on URL).
    /// A null name or label leaves the stored one; an empty or blank one clears it.
    /// </summary>
    public Task<(Feed Feed, bool Added)> AddAsync(string url, string? name, CancellationToken ct) => AddAsync(url, name, null, ct);

    /// <inheritdoc cref="AddAsync(string, string?, CancellationToken)"/>
    public async Task<(Feed Feed, bool Added)> AddAsync(string url, string? name, string? label, CancellationToken ct)
    {
        var normalized = NormalizeUrl(url);
        var cleanLabel = CleanLabel(label);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var feed = await db.Feeds.SingleOrDefaultAsync(f => f.Url == normalized, ct);
        if (feed is not null)
        {
            Apply(feed, name, label, cleanLabel);
            await db.SaveChangesAsync(ct);
            return (feed, false);
        }
        feed = new Feed { Url = normalized, Name = Blank(name), Label = cleanLabel, CreatedAt = clock.GetUtcNow() };
        db.Feeds.Add(feed);
        await db.SaveChangesAsync(ct);
        return (feed, true);
    }

    /// <summary>Renames and relabels a feed (null leaves a field, blank clears it); false when there is no feed with that id.</summary>
    public async Task<bool> UpdateAsync(long id, string? name, string? label, CancellationToken ct)
    {
        var cleanLabel = CleanLabel(label);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var feed = await db.Feeds.SingleOrDefaultAsync(f => f.Id == id, ct);
        if (feed is null)
            return false;
        Apply(feed, name, label, cleanLabel);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<Feed?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Feeds.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, ct);
    }

    /// <summary>A label trimmed, blank as null; an <see cref="ArgumentException"/> when it is longer than <see cref="Feed.MaxLabelChars"/>.</summary>
    public static string? CleanLabel(string? label)
    {
        var clean = Blank(label);
        if (clean is not null && (clean.Length > Feed.MaxLabelChars || clean.Any(char.IsControl)))
            throw new ArgumentException($"a feed's label is one line of at most {Feed.MaxLabelChars} characters (state media, wire, local press…)");
        return clean;
    }

    private static void Apply(Feed feed, string? name, string? label, string? cleanLabel)
    {
        if (name is not null)
            feed.Name = Blank(name);
        if (label is not null)
            feed.Label = cleanLabel;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Adds the feeds of an OPML list in one transaction; URLs already there are left as they are.</summary>
    public async Task<ImportResult> ImportAsync(IReadOnlyList<OpmlFeed> feeds, CancellationToken ct)
    {
        var wanted = new Dictionary<string, string?>(StringComparer.Ordinal);
        var invalid = new List<string>();
        foreach (var feed in feeds)
        {
            try
            {
                wanted.TryAdd(NormalizeUrl(feed.Url), feed.Title);
            }
            catch (ArgumentException e)
            {
                invalid.Add(e.Message);
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var urls = wanted.Keys.ToList();
        var existing = await db.Feeds.Where(f => urls.Contains(f.Url)).Select(f => f.Url).ToHashSetAsync(StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow();
        foreach (var (url, name) in wanted)
        {
            if (!existing.Contains(url))
                db.Feeds.Add(new Feed { Url = url, Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim(), CreatedAt = now });
        }
        await db.SaveChangesAsync(ct);
        return new ImportResult(wanted.Count - existing.Count, existing.Count, invalid);
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

    /// <summary>
    /// Forces a retry: failures forgotten, the feed enabled again (also after a 410) and due now;
    /// the next fetch is a full one, without validators.
    /// </summary>
    public async Task<bool> ResetAsync(string url, CancellationToken ct)
    {
        var normalized = NormalizeUrl(url);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Feeds.Where(f => f.Url == normalized).ExecuteUpdateAsync(set => set
            .SetProperty(f => f.Enabled, true)
            .SetProperty(f => f.DisabledReason, (string?)null)
            .SetProperty(f => f.ConsecutiveFailures, 0)
            .SetProperty(f => f.LastErrorKind, (string?)null)
            .SetProperty(f => f.LastError, (string?)null)
            .SetProperty(f => f.FailingSince, (DateTimeOffset?)null)
            .SetProperty(f => f.LastFullFetchAt, (DateTimeOffset?)null)
            .SetProperty(f => f.NextPollAt, now), ct) > 0;
    }

    /// <summary>An absolute http(s) URL, or an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static string NormalizeUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{url}' is not an absolute http(s) URL");
        return uri.AbsoluteUri;
    }
}

/// <param name="Invalid">One message per outline whose URL is not an absolute http(s) URL.</param>
public sealed record ImportResult(int Added, int AlreadyThere, IReadOnlyList<string> Invalid);
