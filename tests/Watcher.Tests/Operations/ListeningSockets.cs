using System.Globalization;

namespace Watcher.Tests.Operations;

/// <summary>The TCP sockets a process listens on, read from /proc: its socket inodes matched against /proc/net/tcp{,6}.</summary>
internal static class ListeningSockets
{
    private const string ListenState = "0A";

    /// <summary>Local ports (hex "ADDR:PORT" entries) in LISTEN state owned by <paramref name="pid"/>.</summary>
    public static IReadOnlyList<string> Of(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                inodes.Add(target["socket:[".Length..^1]);
        }
        var listening = new List<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                if (fields.Length > 9 && fields[3] == ListenState && inodes.Contains(fields[9]))
                    listening.Add(fields[1]);
            }
        }
        return listening;
    }
}
