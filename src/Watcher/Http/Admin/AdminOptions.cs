namespace Watcher.Http.Admin;

/// <summary>The admin pages' sessions and login limit (section Admin).</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>A session ends after this long without a request (sliding).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Login attempts allowed per client address, and per user name, in each <see cref="LoginWindow"/>.</summary>
    public int LoginAttempts { get; set; } = 5;

    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest OPML file the Feeds page takes.</summary>
    public int MaxUploadBytes { get; set; } = 1024 * 1024;
}
