using Watcher.Relevance;

namespace Watcher.Http.Admin;

/// <summary>A keyword change's backtest as the pages show it; long lists are cut at <see cref="MaxListed"/>.</summary>
public sealed record BacktestView(DryRunReport Report, int Days)
{
    public const int MaxListed = 100;
}
