using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/Watcher.Benchmarks -- --filter '*'` runs the BenchmarkDotNet
// suites; commands that measure whole runs (a poll cycle against a web server) are named first.
return BenchCommands.TryRun(args) ?? RunBenchmarkDotNet(args);

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(BenchCommands).Assembly).Run(args);
    return 0;
}
