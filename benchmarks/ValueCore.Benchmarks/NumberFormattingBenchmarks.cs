using BenchmarkDotNet.Attributes;
using ValueCore.IO.Csv;

namespace ValueCore.Benchmarks;

/// <summary>
/// Shortest round-trip formatting of the kind of numbers loans.csv holds (products and ratios of input decimals:
/// 15-17 significant digits, magnitudes 1e-3 to 1e7): ValueCore's Ryu formatter against the BCL's "R".
/// </summary>
[MemoryDiagnoser]
public class NumberFormattingBenchmarks
{
    private readonly byte[] _buffer = new byte[NumberText.MaxLength];
    private readonly char[] _chars = new char[NumberText.MaxLength];
    private double[] _values = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _values = new double[1000];
        for (int i = 0; i < _values.Length; i++)
        {
            double ead = Math.Round(1000 + (rng.NextDouble() * 500_000), 2);
            double pd = Math.Round(0.0003 + (rng.NextDouble() * 0.05), 6);
            double lgd = Math.Round(0.1 + (rng.NextDouble() * 0.8), 4);
            _values[i] = (i % 4) switch
            {
                0 => ead * pd * lgd,                 // EL
                1 => ead * lgd * 0.0871234,          // EC-like
                2 => pd * lgd / 0.0734,              // a ratio
                _ => 12.5 * lgd * 0.0512345 * ead,   // RWA-like
            };
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1000)]
    public int Bcl()
    {
        int total = 0;
        foreach (double v in _values)
        {
            v.TryFormat(_chars, out int written, "R", System.Globalization.CultureInfo.InvariantCulture);
            total += written;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int Ryu()
    {
        int total = 0;
        foreach (double v in _values)
        {
            total += NumberText.Write(v, _buffer);
        }

        return total;
    }
}
