using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Watcher.Http.Admin.Pages;

public sealed class QualityModel(AdminQueries queries, TimeProvider clock) : PageModel
{
    public const int DefaultWeeks = 12;
    public const int MaxWeeks = 104;

    [BindProperty(SupportsGet = true)]
    public int Weeks { get; set; } = DefaultWeeks;

    public QualityReport? Report { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Weeks = Math.Clamp(Weeks, 1, MaxWeeks);
        Report = await queries.QualityAsync(clock.GetUtcNow() - TimeSpan.FromDays(7 * Weeks), ct);
    }
}
