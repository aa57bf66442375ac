using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Watcher.Http.Admin;

/// <summary>
/// At most Admin:LoginAttempts login attempts per Admin:LoginWindow from one client address, and as
/// many for one user name from anywhere: guessing is slow whichever the attacker varies.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byAddress;
    private readonly PartitionedRateLimiter<string> _byName;

    public LoginThrottle(IOptions<AdminOptions> options)
    {
        var (attempts, window) = (options.Value.LoginAttempts, options.Value.LoginWindow);
        _byAddress = Limiter(attempts, window);
        _byName = Limiter(attempts, window);
    }

    /// <summary>True when this attempt may go ahead; the address is counted first, so refused addresses add no name partitions.</summary>
    public bool TryAcquire(string address, string name)
    {
        using var byAddress = _byAddress.AttemptAcquire(address);
        if (!byAddress.IsAcquired)
            return false;
        using var byName = _byName.AttemptAcquire(name.Trim().ToLowerInvariant());
        return byName.IsAcquired;
    }

    public void Dispose()
    {
        _byAddress.Dispose();
        _byName.Dispose();
    }

    private static PartitionedRateLimiter<string> Limiter(int attempts, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = attempts,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
