using Microsoft.AspNetCore.Mvc.RazorPages;
using Watcher.Digest;

namespace Watcher.Http.Admin.Pages;

public sealed class DigestsModel(DigestDispatcher dispatcher) : PageModel
{
    public const int HistorySize = 50;

    public IReadOnlyList<DigestList> Lists => dispatcher.Lists;

    public IReadOnlyList<DigestHistoryEntry> History { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => History = await dispatcher.HistoryAsync(null, HistorySize, ct);
}
