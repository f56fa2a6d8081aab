using System.Globalization;
using BenchmarkDotNet.Attributes;
using ValueCore.Internal;

namespace ValueCore.Benchmarks;

/// <summary>
/// Shortest round-trip formatting of the numbers <c>valuecore raroc</c> writes: per loan nine computed doubles
/// (capital ratio k ~0.05, RWA ~6000, EL ~200, EC ~490, revenue ~1200, return ~900, RAROC ~1.4, EVA ~600, a rate),
/// products and ratios of input decimals, so almost all have 15-17 significant digits. ValueCore's UTF-8 formatter
/// (Schubfach) against the BCL's "R" into a char span. Results: benchmarks/results-number-formatting.md.
/// </summary>
/// <remarks>
/// One fixed set of 1,000,008 values (111,112 loans, seed 42), written row by row as the CSV writer does; the
/// 8 MB array streams through the prefetcher, so the count does not change the per-value time.
/// </remarks>
[MemoryDiagnoser]
public class NumberFormattingBenchmarks
{
    private const int Loans = 111_112;
    private const int ValueCount = Loans * 9;

    private readonly byte[] _buffer = new byte[Utf8DoubleFormatter.MaxLength];
    private readonly char[] _chars = new char[64];
    private double[] _values = [];

    [GlobalSetup]
    public void Setup() => _values = RarocOutputs(Loans, seed: 42);

    [Benchmark(Baseline = true, OperationsPerInvoke = ValueCount)]
    public long Bcl()
    {
        long total = 0;
        foreach (var value in _values)
        {
            value.TryFormat(_chars, out var written, "R", CultureInfo.InvariantCulture);
            total += written;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = ValueCount)]
    public long Schubfach()
    {
        long total = 0;
        foreach (var value in _values)
        {
            total += Utf8DoubleFormatter.Format(value, _buffer);
        }

        return total;
    }

    /// <summary>The nine outputs per loan of a RAROC run on a synthetic book, row by row.</summary>
    internal static double[] RarocOutputs(int loans, int seed)
    {
        var random = new Random(seed);
        var values = new double[loans * 9];
        for (var i = 0; i < loans; i++)
        {
            var ead = Math.Round(1000 + (random.NextDouble() * 200_000), 2);
            var pd = Math.Round(0.0003 + (random.NextDouble() * 0.05), 6);
            var lgd = Math.Round(0.1 + (random.NextDouble() * 0.8), 4);
            var k = lgd * (0.02 + (random.NextDouble() * 0.1));        // capital ratio, ~0.05
            var rwa = 12.5 * k * ead * 0.1;                           // ~6000
            var el = pd * lgd * ead;                                  // ~200
            var ec = k * ead * 0.1;                                   // ~490
            var revenue = ead * (0.01 + (random.NextDouble() * 0.02)); // ~1200
            var netReturn = revenue - el - (ead * 0.001);             // ~900
            var raroc = netReturn / ec;                               // ~1.4
            var eva = netReturn - (0.1 * ec);                         // ~600
            var row = values.AsSpan(i * 9, 9);
            row[0] = k;
            row[1] = rwa;
            row[2] = el;
            row[3] = ec;
            row[4] = revenue;
            row[5] = netReturn;
            row[6] = raroc;
            row[7] = eva;
            row[8] = revenue / ead;
        }

        return values;
    }
}
