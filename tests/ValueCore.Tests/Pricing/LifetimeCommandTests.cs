using System.Globalization;
using System.Runtime.CompilerServices;
using ValueCore.Capital;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Pricing;

public sealed class LifetimeCommandTests : IDisposable
{
    // Sums of a few hundred loans added in another order than the engine's.
    private const double SumTolerance = 1e-10;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample(string name, [CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "samples", name));

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(','), (h, v) => (h, v)).ToDictionary(p => p.h, p => p.v))];
    }

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void Lifetime_ProvisionsBookWithFiveTierMatrix_GroupSumsEqualLoanSums()
    {
        // The issue's Done-when run: the bundled provisions book with the bundled five-tier matrix.
        string output = Path.Combine(_temp.Path, "out");
        var (code, _, error) = CliRunner.Run("lifetime", "--book", Sample("provisions-book.csv"), "--matrix", Sample("five-tier-matrix.csv"),
            "--by", "segment", "--schedule", "--out", output);
        code.Should().Be(0, error);

        var loans = ReadCsv(Path.Combine(output, "loans.csv"));
        loans.Should().HaveCount(300);
        var groups = ReadCsv(Path.Combine(output, "by_segment.csv"));
        foreach (var g in groups)
        {
            var members = loans.Where(l => l["segment"] == g["segment"]).ToList();
            var valued = members.Where(l => l["npv_eva"].Length > 0).ToList();
            D(g["loans"]).Should().Be(valued.Count);
            D(g["defaulted_loans"]).Should().Be(members.Count - valued.Count);
            foreach (var measure in new[] { "npv_eva", "pv_revenue", "pv_el", "pv_ec", "pv_return" })
            {
                double sum = valued.Sum(l => D(l[measure]));
                D(g[measure]).Should().BeApproximately(sum, SumTolerance * Math.Max(1.0, Math.Abs(sum)), $"{g["segment"]} {measure}");
            }
        }

        // The loans in default at the start (classification loss) carry empty cells and no schedule rows.
        loans.Count(l => l["npv_eva"].Length == 0).Should().Be(loans.Count(l => l["classification"] == "loss"));
        var schedule = ReadCsv(Path.Combine(output, "schedule.csv"));
        schedule.Select(r => r["loan_id"]).Distinct().Should().HaveCount(loans.Count(l => l["npv_eva"].Length > 0));
    }

    [Fact]
    public void Lifetime_BookFromFile_WritesTheLibrarysFigures()
    {
        // The engine's rule: a book built in memory through LifetimeValuation.Run gives exactly the numbers the command writes.
        var loans = new[]
        {
            new Loan { LoanId = "A", Segment = "s", AssetClass = AssetClass.Corporate, Ead = 1e6, Pd = 0.01, Lgd = 0.4, Rate = 0.05, FtpRate = 0.03, MaturityYears = 3, TermYears = 3, Amortisation = Amortisation.Annuity, Fees = 500, Opex = 800, Classification = "pass" },
            new Loan { LoanId = "B", Segment = "s", AssetClass = AssetClass.RetailOther, Ead = 2e4, Pd = 0.03, Lgd = 0.6, Rate = 0.09, FtpRate = 0.03, TermYears = 4.5, Amortisation = Amortisation.Linear, Opex = 100, Classification = "special_mention" },
            new Loan { LoanId = "C", Segment = "t", AssetClass = AssetClass.Sme, Ead = 3e5, Pd = 0.02, Lgd = 0.45, Rate = 0.06, FtpRate = 0.032, MaturityYears = 2, TermYears = 2, SalesEurMillions = 20, Classification = "substandard" },
        };
        string book = _temp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity,term,amortisation,sales,fees,opex,classification\n"
            + "A,s,corporate,1000000,0.01,0.4,0.05,0.03,3,3,annuity,,500,800,pass\n"
            + "B,s,retail_other,20000,0.03,0.6,0.09,0.03,,4.5,linear,,0,100,special_mention\n"
            + "C,t,sme,300000,0.02,0.45,0.06,0.032,2,2,,20,0,0,substandard\n");
        string output = Path.Combine(_temp.Path, "out");
        var (code, _, error) = CliRunner.Run("lifetime", "--book", book, "--matrix", Sample("five-tier-matrix.csv"), "--hurdle", "0.1", "--out", output);
        code.Should().Be(0, error);

        var b = new LoanBookBuilder();
        foreach (var l in loans)
        {
            b.Add(l);
        }

        var matrix = IO.Migration.MigrationCsv.ReadOneYearMatrix(Sample("five-tier-matrix.csv"), null, new List<string>());
        var expected = LifetimeValuation.Run(b.Build(), new LifetimeOptions
        {
            Matrix = matrix,
            Valuation = new ValuationOptions { Profitability = ValueCore.Profitability.ProfitabilityParameters.Default with { Hurdle = 0.1 } },
        });
        var written = ReadCsv(Path.Combine(output, "loans.csv"));
        written.Select(r => D(r["npv_eva"])).Should().Equal(expected.NpvEva.ToArray());
        written.Select(r => D(r["break_even_rate"])).Should().Equal(expected.BreakEvenRate.ToArray());
        written.Select(r => r["amortisation"]).Should().Equal("annuity", "linear", "bullet");
    }

    [Fact]
    public void Lifetime_ClassificationNotInMatrix_ExitsThreeNamingTheLine()
    {
        string book = _temp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,term,classification\n"
            + "A,s,retail_other,1000,0.01,0.4,0.05,0.03,3,pass\n"
            + "B,s,retail_other,1000,0.01,0.4,0.05,0.03,3,AAA\n");
        var (code, _, error) = CliRunner.Run("lifetime", "--book", book, "--matrix", Sample("five-tier-matrix.csv"), "--out", Path.Combine(_temp.Path, "out"));
        code.Should().Be(3);
        error.Should().Contain("3").And.Contain("AAA").And.Contain("is not a state of the migration matrix");
    }

    [Fact]
    public void Lifetime_BadAmortisationLabel_ExitsThree()
    {
        string book = _temp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,term,amortisation\n"
            + "A,s,retail_other,1000,0.01,0.4,0.05,0.03,3,balloon\n");
        var (code, _, error) = CliRunner.Run("lifetime", "--book", book, "--out", Path.Combine(_temp.Path, "out"));
        code.Should().Be(3);
        error.Should().Contain("balloon").And.Contain("bullet, linear or annuity");
    }
}
