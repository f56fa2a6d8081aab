using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ValueCore.IO.Provisions;
using ValueCore.Migration;
using ValueCore.Provisions;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

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

/// <summary>CSV to results end to end through the streamed <see cref="EclCsvJob"/>: a seeded book (eight-state chain,
/// terms up to 30 years, mixed profiles, dpd and pd_origination), yearly periods, PD curves built once; loans.csv and
/// the totals written. Scenarios multiply the per-loan ECL work.</summary>
[MemoryDiagnoser]
public class ProvisionsEndToEndBenchmarks
{
    private static readonly string[] s_labels = ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "D"];
    private string _folder = "";
    private string _book = "";
    private EclModel _model = null!;
    private EclModel _threeScenarios = null!;

    [Params(100_000, 1_000_000)]
    public int Loans { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "valuecore-ecl-bench-" + Loans.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_folder);
        _book = Path.Combine(_folder, "book.csv");
        var rng = new Random(42);
        using (var w = new StreamWriter(_book, false, new UTF8Encoding(false)))
        {
            w.Write("loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,remaining_term,dpd,pd_origination\n");
            string[] profiles = ["bullet", "linear", "annuity"];
            for (int i = 0; i < Loans; i++)
            {
                w.Write(string.Create(CultureInfo.InvariantCulture,
                    $"L{i:D9},seg{i % 5},retail_other,{Math.Round(1000 + (1e6 * rng.NextDouble()), 2)},0.01,{Math.Round(0.1 + (0.6 * rng.NextDouble()), 4)},0.05,0.02,{s_labels[rng.Next(7)]},{Math.Round(0.01 + (0.1 * rng.NextDouble()), 4)},{profiles[rng.Next(3)]},{Math.Round(0.25 + (29.75 * rng.NextDouble()), 3)},{(rng.Next(20) == 0 ? 45 : 0)},{Math.Round(0.02 * rng.NextDouble(), 5)}\n"));
            }
        }

        var matrix = DefaultStates.Absorb(BuildMatrix(0), ["D"]);
        _model = new EclModel(matrix, [PDCurveSet.Create(matrix, 1, EclCsvJob.MaxRemainingYears)]);
        var down = DefaultStates.Absorb(BuildMatrix(0.5), ["D"]);
        var up = DefaultStates.Absorb(BuildMatrix(-0.3), ["D"]);
        _threeScenarios = new EclModel(matrix, [.. new[] { matrix, down, up }.Select(m => PDCurveSet.Create(m, 1, EclCsvJob.MaxRemainingYears))]);
    }

    private static TransitionMatrix BuildMatrix(double stress)
    {
        int n = s_labels.Length;
        var p = new double[n, n];
        for (int i = 0; i < n - 1; i++)
        {
            double pd = 0.0005 * Math.Pow(2.6, i) * (1 + stress);
            double rest = 1 - pd;
            double stay = 0.85 * rest;
            p[i, i] = stay;
            int neighbours = (i > 0 ? 1 : 0) + (i < n - 2 ? 1 : 0);
            if (i > 0)
            {
                p[i, i - 1] = (rest - stay) / neighbours;
            }

            if (i < n - 2)
            {
                p[i, i + 1] = (rest - stay) / neighbours;
            }

            p[i, n - 1] = pd;
        }

        p[n - 1, n - 1] = 1;
        return TransitionMatrix.Create(StateSpace.Create(s_labels), p);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    public long OneModel() => EclCsvJob.Run(new EclJobOptions { BookPath = _book, OutputDirectory = Path.Combine(_folder, "one"), Model = _model }).RowsValued;

    [Benchmark]
    public long ThreeScenarios() => EclCsvJob.Run(new EclJobOptions
    {
        BookPath = _book,
        OutputDirectory = Path.Combine(_folder, "three"),
        Model = _threeScenarios,
        Scenarios = [new EclScenario("base", 0.5, "matrix"), new EclScenario("down", 0.3, "PDs x 1.5"), new EclScenario("up", 0.2, "PDs x 0.7")],
    }).RowsValued;
}
