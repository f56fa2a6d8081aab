using BenchmarkDotNet.Attributes;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Scenarios;

namespace ValueCore.Benchmarks;

/// <summary>Read once, value many: ten scenarios over a seeded sample book against one read plus one valuation.</summary>
[MemoryDiagnoser]
public class ScenariosBenchmarks
{
    private string _folder = "";
    private string _book = "";
    private LoanBook _loaded = LoanBook.Empty;
    private ScenarioSet _ten = new([]);

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
}
