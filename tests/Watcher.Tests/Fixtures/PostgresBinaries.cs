using System.Diagnostics;

namespace Watcher.Tests.Fixtures;

/// <summary>Finds the directory holding the PostgreSQL server programs (initdb, pg_ctl).</summary>
public static class PostgresBinaries
{
    public const string NotFoundMessage =
        "PostgreSQL server binaries not found (looked for initdb via pg_config --bindir, /usr/lib/postgresql/*/bin and PATH); "
        + "apt-get install postgresql, or set WATCHER_TEST_CONNECTION to an existing server.";

    public static string Locate()
    {
        foreach (var candidate in Candidates())
        {
            if (File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "pg_ctl")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(NotFoundMessage);
    }

    private static IEnumerable<string> Candidates()
    {
        var fromPgConfig = PgConfigBinDir();
        if (fromPgConfig is not null)
        {
            yield return fromPgConfig;
        }

        // Debian installs the server outside PATH, one directory per major version; the newest wins.
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var versioned = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"));
            foreach (var dir in versioned)
            {
                yield return dir;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return dir;
        }
    }

    private static string? PgConfigBinDir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed; the other places may still have the server.
            return null;
        }
    }
}
