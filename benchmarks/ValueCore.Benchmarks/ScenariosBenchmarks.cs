using BenchmarkDotNet.Attributes;
using ValueCore.IO;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Provisions;
using ValueCore.Scenarios;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Benchmarks;

/// <summary>Read once, value many: ten scenarios over a seeded sample book against one read plus one valuation.</summary>
[MemoryDiagnoser]
public class ScenariosBenchmarks
{
    private string _folder = "";
    private string _book = "";
    private LoanBook _loaded = LoanBook.Empty;
    private ScenarioSet _ten = new([]);
    private ScenarioSet _tenWithMigration = new([]);
    private ProvisionTerms? _terms;
    private ProvisionMeasureOptions? _provisions;

    [Params(100_000, 1_000_000)]
    public int Loans { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "valuecore-bench-scenarios-" + Loans);
        Directory.CreateDirectory(_folder);
        _book = Path.Combine(_folder, "book.csv");
        using (var stream = File.Create(_book))
        {
            SampleLoanBook.Write(stream, Loans, seed: 42);
        }

        _loaded = LoanBookCsv.Read(_book);
        _ten = TenScenarios();
        _tenWithMigration = new ScenarioSet(_ten.Scenarios.Select((sc, i) => i is 2 or 3 or 9
            ? Scenario.Named(sc.Name).MigrationZShift(i == 2 ? -1.0 : -2.0, -0.5).Pd.ConditionOnZ(-1.0).Build()
            : sc));
        _terms = ProvisionTerms.Create([.. _loaded.Rate.ToArray()], [.. _loaded.TextColumn("product").Select(p => p == "mortgage" ? EadProfile.Annuity : EadProfile.Bullet)],
            [.. _loaded.MaturityYears.ToArray().Select(m => double.IsNaN(m) ? 5.0 : Math.Min(m, 30))]);
        var matrix = TransitionMatrix.Create(StateSpace.FiveTier, new[,]
        {
            { 0.95, 0.04, 0.007, 0.002, 0.001 },
            { 0.20, 0.65, 0.10, 0.03, 0.02 },
            { 0.02, 0.08, 0.60, 0.20, 0.10 },
            { 0.00, 0.02, 0.08, 0.60, 0.30 },
            { 0.00, 0.00, 0.00, 0.00, 1.00 },
        });
        _provisions = new ProvisionMeasureOptions { Matrix = DefaultStates.Absorb(matrix, ["substandard", "doubtful", "loss"]), Rho = 0.12 };
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>Ten typical scenarios: PD multipliers and Z-shifts, LGD and rate shifts, filtered and not.</summary>
    public static ScenarioSet TenScenarios() => new(
    [
        Scenario.Named("s01").Pd.Multiply(1.25).Build(),
        Scenario.Named("s02").Pd.Multiply(1.5).Lgd.Add(0.05).Build(),
        Scenario.Named("s03").Pd.ConditionOnZ(-1.0).Build(),
        Scenario.Named("s04").Pd.ConditionOnZ(-2.0).Lgd.Add(0.10).Build(),
        Scenario.Named("s05").Where("segment", "mid_market", "business_banking").Pd.Multiply(2).Build(),
        Scenario.Named("s06").Where("asset_class", "retail_mortgage").Lgd.Multiply(1.3).Build(),
        Scenario.Named("s07").Rate.ShiftBp(200).FtpRate.ShiftBp(200).Build(),
        Scenario.Named("s08").FtpRate.ShiftBp(100).Fees.Multiply(0.9).Opex.Multiply(1.1).Build(),
        Scenario.Named("s09").Ead.Multiply(1.1).Hurdle(0.14).Build(),
        Scenario.Named("s10").Where("segment", "cards").Pd.Multiply(1.8).Lgd.Add(0.1).Rate.ShiftBp(-100).Build(),
    ]);

    [Benchmark(Baseline = true)]
    public double ReadAndValueOnce() => PortfolioValuation.Run(LoanBookCsv.Read(_book)).GroupBy().Total.Eva;

    [Benchmark]
    public double ReadOnceValueBaselineAndTenScenarios() =>
        ScenarioAnalysis.Run(LoanBookCsv.Read(_book), _ten, new ScenarioAnalysisOptions { KeepValuations = false }).Scenarios[^1].Groups[0].Total.Eva;

    [Benchmark]
    public double TenScenariosOnALoadedBook() =>
        ScenarioAnalysis.Run(_loaded, _ten, new ScenarioAnalysisOptions { KeepValuations = false }).Scenarios[^1].Groups[0].Total.Eva;

    /// <summary>The same ten scenarios (three with a migration Z-shift) with the provision measure: staging and ECL per scenario.</summary>
    [Benchmark]
    public double TenScenariosWithProvisionsOnALoadedBook() =>
        ScenarioAnalysis.Run(_loaded, _tenWithMigration, new ScenarioAnalysisOptions
        {
            KeepValuations = false,
            Measures = [new ProvisionMeasure(_terms!, _provisions!)],
        }).Compare().Get("s10", "ecl").Value;
}
