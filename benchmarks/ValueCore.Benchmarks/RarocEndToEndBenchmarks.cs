using BenchmarkDotNet.Attributes;
using ValueCore.IO;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Benchmarks;

/// <summary>CSV to results end to end: a seeded sample book through <see cref="RarocCsvJob"/> (per-loan file included).</summary>
[MemoryDiagnoser]
public class RarocEndToEndBenchmarks
{
    private string _folder = "";
    private string _book = "";

    [Params(100_000, 1_000_000)]
    public int Loans { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "valuecore-bench-" + Loans);
        Directory.CreateDirectory(_folder);
        _book = Path.Combine(_folder, "book.csv");
        using var stream = File.Create(_book);
        SampleLoanBook.Write(stream, Loans, seed: 42);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public long CsvToResults() => RarocCsvJob.Run(new RarocJobOptions { BookPath = _book, OutputDirectory = Path.Combine(_folder, "out") }).RowsValued;

    [Benchmark]
    public long CsvToAggregatesOnly() => RarocCsvJob.Run(new RarocJobOptions { BookPath = _book, OutputDirectory = Path.Combine(_folder, "agg"), WriteLoans = false }).RowsValued;
}
