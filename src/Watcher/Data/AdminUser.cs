namespace Watcher.Data;

/// <summary>
/// Someone who may sign in to the admin pages. Only a hash of the password is stored
/// (ASP.NET Core Identity's <c>PasswordHasher</c>: PBKDF2 with a salt of its own per user).
/// </summary>
public sealed class AdminUser
{
    public const int MaxNameChars = 64;

    public long Id { get; set; }

    /// <summary>Lower case: names are compared without regard to case.</summary>
    public required string Name { get; set; }

    public required string PasswordHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
}
