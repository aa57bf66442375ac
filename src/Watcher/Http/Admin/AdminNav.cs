namespace Watcher.Http.Admin;

/// <summary>The pages in the admin menu: key (a page's ViewData["Nav"]), address, label (an <see cref="AdminText"/> key).</summary>
public static class AdminNav
{
    public static readonly IReadOnlyList<(string Key, string Href, string Label)> Items =
    [
        ("feeds", "/admin/feeds", "Feeds"),
        ("keywords", "/admin/keywords", "Keywords"),
        ("hits", "/admin/hits", "Hits"),
        ("digests", "/admin/digests", "Digests"),
        ("quality", "/admin/quality", "Quality"),
    ];
}
