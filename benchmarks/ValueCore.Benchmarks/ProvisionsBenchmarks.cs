using BenchmarkDotNet.Attributes;
using ValueCore.Migration;
using ValueCore.Provisions;

namespace ValueCore.Benchmarks;

/// <summary>Lifetime and 12-month ECL of N loans over up to 30 years (yearly periods) from precomputed PD curves of an
/// eight-state chain: the per-loan kernel on one thread (the CLI runs it in parallel chunks).</summary>
[MemoryDiagnoser]
public class ProvisionsBenchmarks
{
    private PDCurveSet _curves = null!;
    private TransitionMatrix _matrix = null!;
    private int[] _state = [];
    private double[] _term = [];
    private double[] _ead = [];
    private double[] _lgd = [];
    private double[] _eir = [];
    private EadProfile[] _profile = [];

    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        string[] labels = ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "D"];
        int n = labels.Length;
        var p = new double[n, n];
        for (int i = 0; i < n - 1; i++)
        {
            double pd = 0.0005 * Math.Pow(2.6, i);
            double rest = 1 - pd;
            double stay = 0.85 * rest;
            p[i, i] = stay;
            double spread = rest - stay;
            int neighbours = (i > 0 ? 1 : 0) + (i < n - 2 ? 1 : 0);
            if (i > 0)
            {
                p[i, i - 1] = spread / neighbours;
            }

            if (i < n - 2)
            {
                p[i, i + 1] = spread / neighbours;
            }

            p[i, n - 1] = pd;
        }

        p[n - 1, n - 1] = 1;
        _matrix = TransitionMatrix.Create(StateSpace.Create(labels), p);
        _curves = PDCurveSet.Create(_matrix, 1, 30);
        _state = new int[N];
        _term = new double[N];
        _ead = new double[N];
        _lgd = new double[N];
        _eir = new double[N];
        _profile = new EadProfile[N];
        for (int i = 0; i < N; i++)
        {
            _state[i] = rng.Next(n - 1);
            _term[i] = 0.25 + (29.75 * rng.NextDouble());
            _ead[i] = 1_000 + (1_000_000 * rng.NextDouble());
            _lgd[i] = 0.1 + (0.6 * rng.NextDouble());
            _eir[i] = 0.01 + (0.1 * rng.NextDouble());
            _profile[i] = (EadProfile)rng.Next(3);
        }
    }

    [Benchmark]
    public double LifetimeEcl()
    {
        double sum = 0;
        for (int i = 0; i < N; i++)
        {
            sum += ExpectedCreditLoss.Compute(_curves.Curve(_state[i]), 1, _term[i], _ead[i], _lgd[i], _eir[i], _profile[i]).EclLifetime;
        }

        return sum;
    }

    [Benchmark]
    public PDCurveSet PrecomputeMonthlyCurves30Years() => PDCurveSet.Create(_matrix, 12, 30);
}
