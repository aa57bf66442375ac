using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Watcher.Feeds;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

/// <summary>
/// Runs FeedParser over every feed document of the shared conformance set and scores it with the
/// set's own compare.py. Every remaining difference must be explained in
/// TestData/Feeds/conformance-known-differences.tsv, and every explanation must still be needed.
/// </summary>
public sealed partial class ConformanceTests
{
    private const double RequiredStrictPercent = 100.0;
    private const double RequiredLenientPercent = 95.0;

    [Fact]
    public void Parser_meets_the_conformance_set()
    {
        var conformance = FindConformanceDir();
        var actual = Path.Combine(Path.GetTempPath(), "watcher-conformance-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = WriteActuals(conformance, actual);
            Assert.True(written >= 100, $"only {written} feed documents in MANIFEST.tsv; the set looks incomplete");

            var output = RunCompare(conformance, actual);
            var strict = Percent(output, "strict (well-formed)");
            var lenient = Percent(output, "lenient (recovered)");
            Assert.DoesNotContain("had no actual output", output, StringComparison.Ordinal);

            var differences = DifferenceLine().Matches(output).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToHashSet();
            var known = LoadKnownDifferences();
            var unexplained = differences.Where(d => !known.ContainsKey(d)).Select(d => $"{d.Item1} {d.Item2}").ToList();
            var stale = known.Keys.Where(k => !differences.Contains(k)).Select(k => $"{k.Path} {k.Field}").ToList();

            Assert.True(unexplained.Count == 0,
                "differences not listed in conformance-known-differences.tsv:\n" + string.Join('\n', unexplained) + "\n\ncompare.py said:\n" + output);
            Assert.True(stale.Count == 0,
                "conformance-known-differences.tsv lists differences that no longer occur (remove them):\n" + string.Join('\n', stale));
            Assert.True(strict >= RequiredStrictPercent, $"strict share {strict}% < {RequiredStrictPercent}%\n{output}");
            Assert.True(lenient >= RequiredLenientPercent, $"lenient share {lenient}% < {RequiredLenientPercent}%\n{output}");
        }
        finally
        {
            if (Directory.Exists(actual))
            {
                Directory.Delete(actual, recursive: true);
            }
        }
    }

    private static int WriteActuals(string conformance, string actual)
    {
        int count = 0;
        foreach (var line in File.ReadLines(Path.Combine(conformance, "MANIFEST.tsv")).Skip(1))
        {
            var columns = line.Split('\t');
            if (columns.Length < 2 || columns[0] != "feed")
            {
                continue;
            }
            var path = columns[1];
            var bytes = File.ReadAllBytes(Path.Combine(conformance, path));
            string json;
            try
            {
                json = ConformanceJson.Write(FeedParser.Parse(bytes));
            }
            catch (FeedParseException e)
            {
                json = ConformanceJson.WriteUnparseable(e.Message);
            }
            var target = Path.Combine(actual, path + ".expected.json");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, json);
            count++;
        }
        return count;
    }

    private static string RunCompare(string conformance, string actual)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(conformance, "compare.py"));
        start.ArgumentList.Add(conformance);
        start.ArgumentList.Add(actual);
        start.ArgumentList.Add("--verbose");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("python3 is needed to run the conformance set's compare.py", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"compare.py failed ({process.ExitCode}):\n{stderr.Result}\n{stdout}");
            return stdout;
        }
    }

    private static double Percent(string output, string label)
    {
        var m = Regex.Match(output, Regex.Escape(label) + @": (\d+)/(\d+) checks pass");
        Assert.True(m.Success, $"compare.py printed no '{label}' line:\n{output}");
        var ok = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var all = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        return all == 0 ? 100.0 : 100.0 * ok / all;
    }

    private static Dictionary<(string Path, string Field), string> LoadKnownDifferences()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "TestData", "Feeds", "conformance-known-differences.tsv");
        var known = new Dictionary<(string, string), string>();
        foreach (var line in File.ReadLines(file))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var columns = line.Split('\t');
            Assert.True(columns.Length == 3 && columns[2].Trim().Length > 0,
                $"conformance-known-differences.tsv: every line needs path, field and a reason: '{line}'");
            known[(columns[0], columns[1])] = columns[2];
        }
        return known;
    }

    /// <summary>WATCHER_CONFORMANCE_DIR, else a shared/feeds-conformance folder beside an ancestor of the test binaries or of the test sources.</summary>
    internal static string FindConformanceDir()
    {
        var fromEnv = Environment.GetEnvironmentVariable("WATCHER_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            Assert.True(File.Exists(Path.Combine(fromEnv, "MANIFEST.tsv")),
                $"WATCHER_CONFORMANCE_DIR={fromEnv} holds no MANIFEST.tsv");
            return fromEnv;
        }
        var parent = TestPaths.FindUp(d => File.Exists(Path.Combine(d, "shared", "feeds-conformance", "MANIFEST.tsv")));
        Assert.True(parent is not null, "feed conformance set not found: set WATCHER_CONFORMANCE_DIR, or keep shared/feeds-conformance "
            + $"beside an ancestor folder of {AppContext.BaseDirectory} (e.g. /work/shared next to /work/main)");
        return Path.Combine(parent, "shared", "feeds-conformance");
    }

    // compare.py --verbose: "<path>.expected.json <field>: expected=... actual=..."
    [GeneratedRegex(@"^(\S+\.expected\.json) (\S+): expected=", RegexOptions.Multiline)]
    private static partial Regex DifferenceLine();
}
