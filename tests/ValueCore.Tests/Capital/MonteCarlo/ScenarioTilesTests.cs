using ValueCore.Capital;
using ValueCore.Capital.MonteCarlo;

namespace ValueCore.Tests.Capital.MonteCarlo;

public class ScenarioTilesTests
{
    /// <summary>
    /// A book that exercises every branch of the tiled test: PDs from the floor to 0.999 and a defaulted loan (PD 1),
    /// an obligor count that is neither a multiple of the tile (256) nor of the uniform group (16), seeded.
    /// </summary>
    private static CreditExposures Book(int n, int seed)
    {
        var rng = new Random(seed);
        var ids = Enumerable.Range(0, n).Select(i => "L" + i).ToArray();
        var pd = new double[n];
        for (int i = 0; i < n; i++)
        {
            pd[i] = i == 7 ? 1.0 : i % 97 == 0 ? 0.999 : Math.Min(0.5, Math.Exp(-8.0 + (7.0 * rng.NextDouble())));
        }

        return CreditExposures.Create(ids, ids.Select(_ => "").ToArray(), ids.Select(_ => "s").ToArray(),
            ids.Select((_, i) => i % 3 == 0 ? AssetClass.RetailOther : AssetClass.Corporate).ToArray(),
            ids.Select(_ => 1.0 + (1000.0 * rng.NextDouble())).ToArray(), pd, ids.Select(_ => 0.1 + (0.8 * rng.NextDouble())).ToArray(),
            ids.Select(_ => IrbFormula.NoSales).ToArray());
    }

    // The reference is the scenario-by-scenario engine (the code path of every run before the tiles, and still that of the
    // tail replay): the tiles must reproduce its losses to the bit and its exact sums to the tick, whatever the chunk.
    [Theory]
    [InlineData(CopulaKind.Gaussian, 1_000L, 64)]
    [InlineData(CopulaKind.Gaussian, 4_294_967_290L, 37)] // scenario numbers across 2^32 (the high counter word changes)
    [InlineData(CopulaKind.StudentT, 12_345L, 64)]
    [InlineData(CopulaKind.StudentT, 0L, 1)]
    public void Run_AnyChunk_EqualsEngineScenarioByScenario(CopulaKind copula, long first, int count)
    {
        var model = ObligorModel.Build(Book(1_283, 11), MonteCarloOptions.Default with { Copula = copula, Seed = 2024 });
        ScenarioTiles.Supports(model).Should().BeTrue();
        double norm = model.TotalLoss;
        var sums = new Int128[model.ObligorCount * 3];
        var loss = new double[count];
        new ScenarioTiles(model).Run(first, count, norm, loss, sums);

        var engine = new ScenarioEngine(model);
        var expected = new Int128[sums.Length];
        long defaults = 0;
        for (int k = 0; k < count; k++)
        {
            engine.Run(first + k);
            BitConverter.DoubleToInt64Bits(loss[k]).Should().Be(BitConverter.DoubleToInt64Bits(engine.Loss), "scenario {0}", first + k);
            double l = engine.Loss / norm;
            foreach (int o in engine.Defaulted)
            {
                expected[3 * o] += ExactSum.Ticks(1.0);
                expected[(3 * o) + 1] += ExactSum.Ticks(l);
                expected[(3 * o) + 2] += ExactSum.Ticks(l * l);
                defaults++;
            }
        }

        defaults.Should().BeGreaterThan(count, "the book must default in more than one obligor a scenario for the test to mean anything");
        sums.Should().Equal(expected);
    }

    [Fact]
    public void Run_Twice_AddsToTheSumsAndClearsItsMasks()
    {
        // The masks are reset as they are read: a second chunk must add exactly what a fresh kernel adds.
        var model = ObligorModel.Build(Book(300, 5), MonteCarloOptions.Default);
        var tiles = new ScenarioTiles(model);
        var twice = new Int128[model.ObligorCount * 3];
        tiles.Run(0, 64, model.TotalLoss, new double[64], twice);
        tiles.Run(64, 64, model.TotalLoss, new double[64], twice);

        var separate = new Int128[twice.Length];
        new ScenarioTiles(model).Run(0, 64, model.TotalLoss, new double[64], separate);
        new ScenarioTiles(model).Run(64, 64, model.TotalLoss, new double[64], separate);
        twice.Should().Equal(separate);
    }

    [Fact]
    public void SimulateBlock_Tiled_EqualsCombinedSingleScenarioBlocks()
    {
        // A block of 200 scenarios (three full chunks and a part) against 200 one-scenario blocks combined in order: the
        // one-scenario chunks take the same tiled path, so this holds the chunking (not the kernel) to the bit.
        var model = ObligorModel.Build(Book(700, 3), MonteCarloOptions.Default);
        var whole = PortfolioMonteCarlo.SimulateBlock(model, 500, 200, 2, null, default);
        var pieces = PortfolioMonteCarlo.Combine([.. Enumerable.Range(0, 200).Select(k => PortfolioMonteCarlo.SimulateBlock(model, 500 + k, 1, 1, null, default))]);
        whole.Loss.Should().Equal(pieces.Loss);
        whole.Weight.Should().AllSatisfy(w => w.Should().Be(1.0));
        whole.Sums.Should().Equal(pieces.Sums);
    }
}
