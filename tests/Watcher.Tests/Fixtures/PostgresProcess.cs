using System.Diagnostics;

namespace Watcher.Tests.Fixtures;

/// <summary>Runs a PostgreSQL program, as the postgres user when the tests run as root.</summary>
internal static class PostgresProcess
{
    public const string ServiceUser = "postgres";

    /// <summary>PostgreSQL refuses to run as root, so root must hand the cluster to another user.</summary>
    public static bool RunningAsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    public static async Task<string> RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (RunningAsRoot)
        {
            info.FileName = "runuser";
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(ServiceUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(executable);
        }
        else
        {
            info.FileName = executable;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Keep the server messages in English and independent of the caller's locale.
        info.Environment["LC_MESSAGES"] = "C";

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(executable)} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{output}");
        }

        return output;
    }

    /// <summary>Gives a directory tree to the postgres user (only needed when running as root).</summary>
    public static async Task GiveToServiceUserAsync(string directory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("chown")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-R");
        info.ArgumentList.Add($"{ServiceUser}:");
        info.ArgumentList.Add(directory);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start chown.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"chown -R {ServiceUser}: {directory} failed (does the '{ServiceUser}' user exist?): {await stderr.ConfigureAwait(false)}");
        }
    }
}
