using BenchmarkDotNet.Attributes;
using ValueCore.Risk.Aggregation;
using ValueCore.Risk.Market;

namespace ValueCore.Benchmarks;

/// <summary>Historical VaR/ES of units and bank with Euler ES contributions (100 units).</summary>
[MemoryDiagnoser]
public class EsContributionBenchmarks
{
    private PnlScenarios _scenarios = null!;
    private double[] _pnl = null!;

    /// <summary>The number of business units.</summary>
    [Params(100)]
    public int Units { get; set; }

    /// <summary>The number of P&amp;L scenarios per unit.</summary>
    [Params(1_000, 10_000)]
    public int Scenarios { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20261128);
        var units = Enumerable.Range(0, Units).Select(i => $"u{i:D3}").ToArray();
        _pnl = new double[Units * Scenarios];
        var common = Enumerable.Range(0, Scenarios).Select(_ => RiskAggregationBenchmarks.Gaussian(rng)).ToArray();
        for (int u = 0; u < Units; u++)
        {
            for (int s = 0; s < Scenarios; s++)
            {
                _pnl[(u * Scenarios) + s] = (1 + (u % 7)) * ((0.5 * common[s]) + (0.866 * RiskAggregationBenchmarks.Gaussian(rng)));
            }
        }

        _scenarios = PnlScenarios.Create(units, Scenarios, _pnl);
    }

    /// <summary>Baseline: the same figures naively, one thread: a full sort per unit for standalone VaR/ES, a LINQ sort of
    /// the bank's scenarios for the tail, then the contributions.</summary>
    [Benchmark(Baseline = true)]
    public double NaiveSortEverything()
    {
        int n = Scenarios;
        int k = (int)Math.Round(n * 0.01);
        var bank = new double[n];
        var buffer = new double[n];
        double check = 0;
        for (int u = 0; u < Units; u++)
        {
            for (int s = 0; s < n; s++)
            {
                double loss = -_pnl[(u * n) + s];
                bank[s] += loss;
                buffer[s] = loss;
            }

            Array.Sort(buffer);
            double es = 0;
            for (int i = 0; i < k; i++)
            {
                es += buffer[n - 1 - i];
            }

            check += (es / k) + buffer[n - 1 - k];
        }

        var tail = Enumerable.Range(0, n).OrderByDescending(s => bank[s]).ThenBy(s => s).Take(k).ToArray();
        for (int u = 0; u < Units; u++)
        {
            double c = 0;
            foreach (int s in tail)
            {
                c -= _pnl[(u * n) + s];
            }

            check += c / k;
        }

        return check;
    }

    /// <summary>MarketRisk.Compute: standalone VaR/ES of every unit, bank VaR/ES, Euler contributions, tail sensitivity.</summary>
    [Benchmark]
    public double MarketRiskCompute() => MarketRisk.Compute(_scenarios, null).BankExpectedShortfall;
}

/// <summary>Inter-risk aggregation: square-root formula by type and by cell, matrix validation, Higham repair.</summary>
[MemoryDiagnoser]
public class RiskAggregationBenchmarks
{
    private const int Units = 100;
    private string[] _units = null!;
    private CorrelationMatrix _typeCorrelation = null!;
    private CorrelationMatrix _cellCorrelation = null!;
    private double[] _ec = null!;
    private double[] _cellValues = null!;
    private double[] _broken = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20261128);
        _units = Enumerable.Range(0, Units).Select(i => $"u{i:D3}").ToArray();
        // Five risk types; a cell matrix over 100 units x 5 types = 500 cells: types correlated 0.3, units of the same type 0.5.
        string[] types = ["credit", "market", "operational", "business", "interest"];
        var tc = new double[25];
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                tc[(i * 5) + j] = i == j ? 1.0 : 0.3;
            }
        }

        _typeCorrelation = CorrelationMatrix.Create(types, tc);
        int cells = Units * 5;
        _cellValues = new double[cells * cells];
        for (int a = 0; a < cells; a++)
        {
            for (int b = 0; b < cells; b++)
            {
                _cellValues[(a * cells) + b] = a == b ? 1.0 : a % 5 == b % 5 ? 0.5 : 0.15;
            }
        }

        _cellCorrelation = CorrelationMatrix.Create(Enumerable.Range(0, cells).Select(i => $"c{i}").ToArray(), _cellValues);
        _ec = Enumerable.Range(0, cells).Select(_ => rng.NextDouble() * 100).ToArray();

        // A 50 x 50 matrix made invalid by symmetric noise, for the nearest correlation matrix.
        const int n = 50;
        _broken = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            _broken[(i * n) + i] = 1.0;
            for (int j = i + 1; j < n; j++)
            {
                double v = Math.Clamp(0.4 + (0.6 * (rng.NextDouble() - 0.5)), -1, 1);
                _broken[(i * n) + j] = v;
                _broken[(j * n) + i] = v;
            }
        }
    }

    /// <summary>Aggregation over 5 risk types and 100 units (type-level matrix).</summary>
    [Benchmark]
    public double AggregateByType() => RiskAggregation.AggregateByType(_units, _ec, _typeCorrelation).TotalEconomicCapital;

    /// <summary>Aggregation over 500 unit-and-type cells (500 x 500 matrix).</summary>
    [Benchmark]
    public double AggregateByCell() =>
        RiskAggregation.AggregateByCell(_units, ["credit", "market", "operational", "business", "interest"], _ec, _cellCorrelation).TotalEconomicCapital;

    /// <summary>Validation of the 500 x 500 cell matrix (element rules and the symmetric eigenvalue decomposition).</summary>
    [Benchmark]
    public double ValidateCellMatrix() => CorrelationMatrix.Validate(_cellValues, Units * 5).SmallestEigenvalue;

    /// <summary>Higham's nearest correlation matrix of a 50 x 50 invalid matrix, tolerance 1e-12.</summary>
    [Benchmark]
    public double NearestCorrelation50() => NearestCorrelation.Compute(_broken, 50, 1e-12, 100_000).FrobeniusDistance;

    internal static double Gaussian(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
}
