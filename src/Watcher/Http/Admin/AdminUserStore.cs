using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Watcher.Data;

namespace Watcher.Http.Admin;

public enum AddUserOutcome { Created, PasswordReset, AlreadyExists }

/// <summary>
/// The people who may sign in to /admin: a name and a password hash (ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/>). `watcher users` and the login page use it.
/// </summary>
public sealed partial class AdminUserStore(IDbContextFactory<WatcherDbContext> dbFactory, IPasswordHasher<AdminUser> hasher, TimeProvider clock)
{
    public const int MinPasswordChars = 12;
    public const int MaxPasswordChars = 1024;

    /// <summary>Hashed once: a login with an unknown name costs as much as one with a wrong password.</summary>
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(new AdminUser { Name = "", PasswordHash = "" }, "not anybody's password"));

    /// <summary>The name as stored (trimmed, lower case), or an <see cref="ArgumentException"/> saying what is allowed.</summary>
    public static string NormalizeName(string name)
    {
        var normalized = name.Trim().ToLowerInvariant();
        if (!NamePattern().IsMatch(normalized))
            throw new ArgumentException($"a user name is 1 to {AdminUser.MaxNameChars} letters, digits and . _ @ - (starting with a letter or digit), not '{name}'");
        return normalized;
    }

    /// <summary>An <see cref="ArgumentException"/> when the password is too short or too long.</summary>
    public static void CheckPassword(string password)
    {
        if (password.Length < MinPasswordChars)
            throw new ArgumentException($"the password must have at least {MinPasswordChars} characters");
        if (password.Length > MaxPasswordChars)
            throw new ArgumentException($"the password must have at most {MaxPasswordChars} characters");
    }

    /// <summary>Adds a user; with <paramref name="reset"/> an existing user gets the new password (and their sessions end).</summary>
    public async Task<AddUserOutcome> AddAsync(string name, string password, bool reset, CancellationToken ct)
    {
        var key = NormalizeName(name);
        CheckPassword(password);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.AdminUsers.SingleOrDefaultAsync(u => u.Name == key, ct);
        if (user is not null && !reset)
            return AddUserOutcome.AlreadyExists;
        var created = user is null;
        if (user is null)
        {
            user = new AdminUser { Name = key, PasswordHash = "", CreatedAt = clock.GetUtcNow() };
            db.AdminUsers.Add(user);
        }
        user.PasswordHash = hasher.HashPassword(user, password);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Added at the same moment by another command.
            return AddUserOutcome.AlreadyExists;
        }
        return created ? AddUserOutcome.Created : AddUserOutcome.PasswordReset;
    }

    public async Task<IReadOnlyList<AdminUser>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AdminUsers.AsNoTracking().OrderBy(u => u.Name).ToListAsync(ct);
    }

    public async Task<bool> RemoveAsync(string name, CancellationToken ct)
    {
        var key = NormalizeName(name);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AdminUsers.Where(u => u.Name == key).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>
    /// The user when the name and password match (their last login is then recorded, and an old hash
    /// format re-hashed); null otherwise, after the same work either way.
    /// </summary>
    public async Task<AdminUser?> VerifyAsync(string name, string password, CancellationToken ct)
    {
        string key;
        try
        {
            key = NormalizeName(name);
        }
        catch (ArgumentException)
        {
            key = "";
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = key.Length == 0 || password.Length > MaxPasswordChars ? null : await db.AdminUsers.SingleOrDefaultAsync(u => u.Name == key, ct);
        if (user is null)
        {
            hasher.VerifyHashedPassword(new AdminUser { Name = "", PasswordHash = "" }, _decoyHash.Value, password.Length > MaxPasswordChars ? "" : password);
            return null;
        }
        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
            return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            user.PasswordHash = hasher.HashPassword(user, password);
        user.LastLoginAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>
    /// What a session cookie carries to stay valid: it changes with the password, so `users add --reset`
    /// and `users remove` end the sessions already open.
    /// </summary>
    public static string SessionStamp(AdminUser user) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(user.Name + "\n" + user.PasswordHash)).AsSpan(0, 12));

    /// <summary>True while the user exists with the password the session was opened with.</summary>
    public async Task<bool> IsSessionValidAsync(string name, string stamp, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.AdminUsers.AsNoTracking().SingleOrDefaultAsync(u => u.Name == name, ct);
        return user is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SessionStamp(user)), Encoding.ASCII.GetBytes(stamp));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._@-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
