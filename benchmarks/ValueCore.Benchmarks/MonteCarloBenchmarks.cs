using BenchmarkDotNet.Attributes;
using ValueCore.Capital;
using ValueCore.Capital.MonteCarlo;

namespace ValueCore.Benchmarks;

/// <summary>
/// The portfolio Monte Carlo: first-pass scenarios of a one-factor book (N obligors x 1,000 scenarios on one thread),
/// against the same loop with the scalar Philox block per obligor as baseline; and the uniform generator alone.
/// </summary>
[MemoryDiagnoser]
public class MonteCarloBenchmarks
{
    private const int Scenarios = 1_000;
    private ObligorModel _model = null!;
    private ObligorModel _sampled = null!;
    private readonly double[] _u = new double[512];

    [Params(1_000, 100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var ids = Enumerable.Range(0, N).Select(i => "L" + i).ToArray();
        var exposures = CreditExposures.Create(ids, ids.Select(_ => "").ToArray(), ids.Select(_ => "s").ToArray(),
            ids.Select(_ => AssetClass.Corporate).ToArray(), ids.Select(_ => 1.0 + rng.NextDouble()).ToArray(),
            ids.Select(_ => Math.Max(0.0003, 0.01 * Math.Exp((rng.NextDouble() * 3) - 1.5))).ToArray(), ids.Select(_ => 0.45).ToArray(),
            ids.Select(_ => IrbFormula.NoSales).ToArray());
        _model = ObligorModel.Build(exposures, MonteCarloOptions.Default);
        _sampled = ObligorModel.Build(exposures, MonteCarloOptions.Default with { ImportanceSampling = true });
    }

    /// <summary>Scalar Philox block per pair of obligors and a full N(x) per obligor: what the engine avoids.</summary>
    [Benchmark(Baseline = true)]
    public double ScalarBaseline()
    {
        double total = 0;
        var a = _model.A;
        var b = _model.B;
        for (int s = 0; s < Scenarios; s++)
        {
            double z = Numerics.NormalDistribution.InverseCdf(Philox4x32.Uniform(0, (uint)s, 0, 1, 42, 0));
            for (int o = 0; o < N; o++)
            {
                if (Philox4x32.Uniform(o, (uint)s, 0, 0, 42, 0) < Numerics.NormalDistribution.Cdf(a[o] + (b[o] * z)))
                {
                    total += _model.ObligorLoss[o];
                }
            }
        }

        return total;
    }

    /// <summary>The engine's plain first pass (vectorised uniforms, table-bracketed default test).</summary>
    [Benchmark]
    public double Engine()
    {
        var engine = new ScenarioEngine(_model);
        double total = 0;
        for (int s = 0; s < Scenarios; s++)
        {
            engine.Run(s);
            total += engine.Loss;
        }

        return total;
    }

    /// <summary>The tiled first pass (what <c>capital</c> runs for this model): chunks of 64 scenarios, exact sums included.</summary>
    [Benchmark]
    public double Tiles()
    {
        var tiles = new ScenarioTiles(_model);
        var sums = new Int128[_model.ObligorCount * 3];
        var loss = new double[ScenarioTiles.ChunkScenarios];
        double total = 0;
        for (int s = 0; s < Scenarios; s += ScenarioTiles.ChunkScenarios)
        {
            int count = Math.Min(ScenarioTiles.ChunkScenarios, Scenarios - s);
            tiles.Run(s, count, _model.TotalLoss, loss, sums);
            for (int k = 0; k < count; k++)
            {
                total += loss[k];
            }
        }

        return total;
    }

    /// <summary>The engine with importance sampling (mean shift and twisting: a full N(x) per obligor and a root search).</summary>
    [Benchmark]
    public double EngineImportanceSampling()
    {
        var engine = new ScenarioEngine(_sampled);
        double total = 0;
        for (int s = 0; s < Scenarios; s++)
        {
            engine.Run(s);
            total += engine.Loss * engine.Weight;
        }

        return total;
    }

    /// <summary>512 uniforms per call from Philox4x32-10 (AVX2 when available).</summary>
    [Benchmark]
    public double Uniforms()
    {
        double acc = 0;
        for (int s = 0; s < Scenarios; s++)
        {
            Philox4x32.FillUniforms(_u, 0, 32, (uint)s, 0, 0, 42, 0);
            acc += _u[7];
        }

        return acc;
    }
}
