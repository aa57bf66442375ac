using Microsoft.EntityFrameworkCore;
using Npgsql;
using Watcher.Data;

namespace Watcher.Digest;

/// <summary>
/// Recipients who left a list (the digest's unsubscribe link, RFC 8058 one-click). Addresses still come
/// from configuration; an opt-out only keeps the dispatcher from sending that list to that address.
/// </summary>
public sealed class ListOptOuts(IDbContextFactory<WatcherDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How addresses are compared and stored: trimmed, lower-case (invariant).</summary>
    public static string Normalize(string address) => address.Trim().ToLowerInvariant();

    /// <summary>Opts the address out of the list; a second time changes nothing. Returns false when it was already out.</summary>
    public async Task<bool> OptOutAsync(string listName, string address, string method, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = Normalize(address);
        if (await db.ListOptOuts.AnyAsync(o => o.ListName == listName && o.Address == normalized, ct))
            return false;
        db.ListOptOuts.Add(new ListOptOut { ListName = listName, Address = normalized, OptedOutAt = clock.GetUtcNow(), Method = method });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two clicks at once (a mail client's one-click POST and the page): the other one recorded it.
            return false;
        }
    }

    /// <summary>Undoes an opt-out; false when the address was not opted out of that list.</summary>
    public async Task<bool> ResubscribeAsync(string listName, string address, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = Normalize(address);
        return await db.ListOptOuts.Where(o => o.ListName == listName && o.Address == normalized).ExecuteDeleteAsync(ct) > 0;
    }

    public async Task<IReadOnlyList<ListOptOut>> AllAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ListOptOuts.AsNoTracking().OrderBy(o => o.ListName).ThenBy(o => o.Address).ToListAsync(ct);
    }

    /// <summary>The recipients still subscribed, in their configured order and spelling.</summary>
    public static async Task<string[]> ActiveAsync(WatcherDbContext db, string listName, IReadOnlyList<string> recipients, CancellationToken ct)
    {
        var optedOutAddresses = await db.ListOptOuts.Where(o => o.ListName == listName).Select(o => o.Address).ToListAsync(ct);
        if (optedOutAddresses.Count == 0)
            return [.. recipients];
        var optedOut = optedOutAddresses.ToHashSet(StringComparer.Ordinal);
        return [.. recipients.Where(r => !optedOut.Contains(Normalize(r)))];
    }
}
