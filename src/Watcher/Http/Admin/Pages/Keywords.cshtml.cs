using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Watcher.Data;
using Watcher.Relevance;

namespace Watcher.Http.Admin.Pages;

public sealed class KeywordsModel(KeywordStore store) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Facet { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Off { get; set; }

    public IReadOnlyList<Keyword> Shown { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await store.ListAsync(ct);
        Total = all.Count;
        var term = string.IsNullOrWhiteSpace(Q) ? null : KeywordStore.NormalizeTerm(Q);
        Shown = [.. all.Where(k => (Off || k.Active)
            && (string.IsNullOrEmpty(Facet) || k.Facet == Facet)
            && (term is null || k.Term.Contains(term, StringComparison.Ordinal)))];
    }
}
