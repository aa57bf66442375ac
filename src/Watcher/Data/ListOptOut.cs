namespace Watcher.Data;

public static class OptOutMethods
{
    /// <summary>A mail client's RFC 8058 one-click POST.</summary>
    public const string OneClick = "one-click";

    /// <summary>The confirmation page's button.</summary>
    public const string Page = "page";
}

/// <summary>
/// A configured recipient who left a list: the dispatcher sends that list nothing more to the address
/// until `watcher lists resubscribe` deletes the row. Addresses are stored lower-case.
/// </summary>
public sealed class ListOptOut
{
    public long Id { get; set; }
    public required string ListName { get; set; }
    public required string Address { get; set; }
    public DateTimeOffset OptedOutAt { get; set; }

    /// <summary>One of <see cref="OptOutMethods"/>.</summary>
    public required string Method { get; set; }
}
