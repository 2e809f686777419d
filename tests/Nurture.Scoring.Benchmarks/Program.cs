using BenchmarkDotNet.Running;

// Scoring micro-benchmarks; results and the command that made them are in BENCHMARKS.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
