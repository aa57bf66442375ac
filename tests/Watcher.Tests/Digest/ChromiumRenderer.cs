using System.Diagnostics;

namespace Watcher.Tests.Digest;

/// <summary>Headless Chromium (Debian's package) turning an HTML file into a PNG screenshot.</summary>
internal static class ChromiumRenderer
{
    public static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string Executable =>
        Candidates.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"No Chromium found ({string.Join(", ", Candidates)}); install Debian's `chromium` package.");

    /// <returns>The screenshot's path; throws with Chromium's output when it produced none.</returns>
    public static async Task<string> ScreenshotAsync(string html, string png, int width, int height)
    {
        var work = Directory.CreateTempSubdirectory("watcher-chromium-").FullName;
        try
        {
            var page = Path.Combine(work, "digest.html");
            await File.WriteAllTextAsync(page, html);
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                $"--user-data-dir={Path.Combine(work, "profile")}", $"--screenshot={png}", $"--window-size={width},{height}",
                new Uri(page).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("Chromium did not finish the screenshot within 90 s.");
            }
            if (process.ExitCode != 0 || !File.Exists(png))
                throw new InvalidOperationException($"Chromium exited with {process.ExitCode} and {(File.Exists(png) ? "a" : "no")} screenshot:\n{await stdout}\n{await stderr}");
            return png;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be letting go of its profile; a temp folder left behind is harmless.
            }
        }
    }
}
