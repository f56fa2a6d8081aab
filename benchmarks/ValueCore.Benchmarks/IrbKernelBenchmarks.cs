using BenchmarkDotNet.Attributes;
using ValueCore.Capital;

namespace ValueCore.Benchmarks;

/// <summary>The IRB capital requirement K over N loans: the span kernel against a loop of scalar calls.</summary>
[MemoryDiagnoser]
public class IrbKernelBenchmarks
{
    private double[] _pd = [];
    private double[] _lgd = [];
    private double[] _r = [];
    private double[] _ma = [];
    private double[] _k = [];

    [Params(1_000, 100_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _pd = new double[N];
        _lgd = new double[N];
        _r = new double[N];
        _ma = new double[N];
        _k = new double[N];
        for (int i = 0; i < N; i++)
        {
            _pd[i] = Math.Max(0.0003, 0.01 * Math.Exp(rng.NextDouble() * 3 - 1.5));
            _lgd[i] = 0.1 + (0.8 * rng.NextDouble());
            _r[i] = IrbFormula.Correlation(AssetClass.Corporate, _pd[i], IrbFormula.NoSales);
            _ma[i] = IrbFormula.MaturityAdjustment(AssetClass.Corporate, _pd[i], 1 + (4 * rng.NextDouble()));
        }
    }

    [Benchmark(Baseline = true)]
    public double ScalarLoop()
    {
        double sum = 0;
        for (int i = 0; i < _pd.Length; i++)
        {
            _k[i] = IrbFormula.CapitalRequirement(_pd[i], _lgd[i], _r[i], _ma[i], 0.999);
            sum += _k[i];
        }

        return sum;
    }

    [Benchmark]
    public double SpanKernel()
    {
        IrbFormula.CapitalRequirement(_pd, _lgd, _r, _ma, 0.999, _k);
        return _k[^1];
    }
}
