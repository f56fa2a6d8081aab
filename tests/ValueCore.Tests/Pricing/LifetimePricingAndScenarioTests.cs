using System.Globalization;
using System.Runtime.CompilerServices;
using ValueCore.Capital;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Pricing;

/// <summary>Issue 21's remaining parts: price --lifetime, the per-loan payments_per_year column (and the repayment alias), and
/// the lifetime measure of valuecore scenario.</summary>
public sealed class LifetimePricingAndScenarioTests : IDisposable
{
    // The round-trip tolerance: at the break-even rate NPV of EVA is 0 within 1e-8 of PV(revenue).
    private const double RoundTrip = 1e-8;

    // Sums of a few loans' figures formed in another order than the engine's.
    private const double SumTolerance = 1e-9;

    private const string Header = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity,term,amortisation,sales,fees,opex,classification";
    private const string Rows =
        "A,s,corporate,1000000,0.01,0.4,0.05,0.03,3,3,annuity,,500,800,pass\n"
        + "B,s,retail_other,20000,0.03,0.6,0.09,0.03,,4.5,linear,,0,100,special_mention\n"
        + "C,t,sme,300000,0.02,0.45,0.06,0.032,2,2,,20,0,0,substandard\n"
        + "D,t,retail_mortgage,150000,0.01,0.2,0.04,0.025,,7.25,annuity,,100,50,pass\n";

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
    public void PriceLifetime_BreakEvenRateWrittenIntoTheBook_LifetimeGivesNpvOfEvaZero()
    {
        // price --lifetime's break-even rate, written into the book's rate column, valued by lifetime with the same options.
        string book = _temp.File("book.csv", Header + "\n" + Rows);
        string prices = Path.Combine(_temp.Path, "prices");
        string[] options = ["--matrix", Sample("five-tier-matrix.csv"), "--hurdle", "0.1", "--discount", "0.08", "--payments-per-year", "12"];
        var (code, _, error) = CliRunner.Run(["price", "--book", book, "--lifetime", .. options, "--out", prices]);
        code.Should().Be(0, error);
        File.Exists(Path.Combine(prices, "prices.csv")).Should().BeTrue("the one-year prices stay");
        var priced = ReadCsv(Path.Combine(prices, "lifetime_prices.csv"));
        priced.Select(p => p["loan_id"]).Should().Equal("A", "B", "C", "D");
        foreach (var p in priced)
        {
            double parts = D(p["break_even_funding"]) + D(p["break_even_el"]) + D(p["break_even_cost"]) + D(p["break_even_capital"]);
            D(p["break_even_rate"]).Should().BeApproximately(parts, 1e-15, "the decomposition sums to the rate");
        }

        var rate = priced.ToDictionary(p => p["loan_id"], p => p["break_even_rate"]);
        var repriced = string.Join("\n", Rows.TrimEnd('\n').Split('\n').Select(r =>
        {
            var f = r.Split(',');
            f[6] = rate[f[0]];
            return string.Join(',', f);
        }));
        string book2 = _temp.File("book2.csv", Header + "\n" + repriced + "\n");
        string valued = Path.Combine(_temp.Path, "valued");
        (code, _, error) = CliRunner.Run(["lifetime", "--book", book2, .. options, "--out", valued]);
        code.Should().Be(0, error);
        foreach (var l in ReadCsv(Path.Combine(valued, "loans.csv")))
        {
            Math.Abs(D(l["npv_eva"])).Should().BeLessThanOrEqualTo(RoundTrip * D(l["pv_revenue"]), l["loan_id"]);
        }
    }

    [Fact]
    public void PriceLifetime_MatrixWithoutLifetimeOrLifetimeWithoutBook_IsAUsageError()
    {
        string book = _temp.File("book.csv", Header + "\n" + Rows);
        CliRunner.Run("price", "--book", book, "--matrix", Sample("five-tier-matrix.csv"), "--out", Path.Combine(_temp.Path, "a")).Code.Should().Be(2);
        CliRunner.Run("price", "--lifetime", "--ead", "100", "--pd", "0.01", "--lgd", "0.4", "--asset-class", "retail_other", "--ftp-rate", "0.03",
            "--out", Path.Combine(_temp.Path, "b")).Code.Should().Be(2);
    }

    [Fact]
    public void Lifetime_PaymentsPerYearColumnMixingOneAndTwelve_EqualsTwoRunsWithTheOption()
    {
        // Loans A and D pay monthly by their column, B annually, C (empty) takes the run's setting (default 1).
        string mixed = _temp.File("mixed.csv", Header + ",payments_per_year\n" + string.Join("\n", Rows.TrimEnd('\n').Split('\n')
            .Zip(new[] { "12", "1", "", "12" }, (r, p) => r + "," + p)) + "\n");
        string plain = _temp.File("plain.csv", Header + "\n" + Rows);
        string Run(string book, string name, params string[] extra)
        {
            string dir = Path.Combine(_temp.Path, name);
            var (code, _, error) = CliRunner.Run(["lifetime", "--book", book, "--matrix", Sample("five-tier-matrix.csv"), "--schedule", .. extra, "--out", dir]);
            code.Should().Be(0, error);
            return dir;
        }

        var loans = File.ReadAllLines(Path.Combine(Run(mixed, "mixed"), "loans.csv"));
        var annual = File.ReadAllLines(Path.Combine(Run(plain, "annual", "--payments-per-year", "1"), "loans.csv"));
        var monthly = File.ReadAllLines(Path.Combine(Run(plain, "monthly", "--payments-per-year", "12"), "loans.csv"));
        loans[1].Should().Be(monthly[1]).And.NotBe(annual[1], "an annuity's balance path depends on its payments a year");
        loans[2].Should().Be(annual[2]);
        loans[3].Should().Be(annual[3]);
        loans[4].Should().Be(monthly[4]);
        var schedule = ReadCsv(Path.Combine(_temp.Path, "mixed", "schedule.csv"));
        var monthlySchedule = ReadCsv(Path.Combine(_temp.Path, "monthly", "schedule.csv"));
        schedule.Where(r => r["loan_id"] == "D").Select(r => r["balance"]).Should().Equal(monthlySchedule.Where(r => r["loan_id"] == "D").Select(r => r["balance"]));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("0")]
    [InlineData("-12")]
    [InlineData("1.5")]
    [InlineData("monthly")]
    public void Lifetime_PaymentsPerYearNotDividingTwelve_ExitsThreeNamingLineAndValue(string value)
    {
        string book = _temp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,term,amortisation,payments_per_year\n"
            + "A,s,retail_other,1000,0.01,0.4,0.05,0.03,3,annuity,12\n"
            + $"B,s,retail_other,1000,0.01,0.4,0.05,0.03,3,annuity,{value}\n");
        var (code, _, error) = CliRunner.Run("lifetime", "--book", book, "--out", Path.Combine(_temp.Path, "out"));
        code.Should().Be(3);
        error.Should().Contain("3").And.Contain("payments_per_year").And.Contain(value).And.Contain("dividing 12");
    }

    [Fact]
    public void Lifetime_RepaymentColumn_ReadsAsAmortisationAndBothColumnsExitThree()
    {
        string amortisation = _temp.File("a.csv", Header + "\n" + Rows);
        string repayment = _temp.File("r.csv", Header.Replace("amortisation", "repayment", StringComparison.Ordinal) + "\n" + Rows);
        string both = _temp.File("b.csv", Header + ",repayment\n" + string.Join("\n", Rows.TrimEnd('\n').Split('\n').Select(r => r + ",bullet")) + "\n");
        CliRunner.Run("lifetime", "--book", amortisation, "--out", Path.Combine(_temp.Path, "a")).Code.Should().Be(0);
        CliRunner.Run("lifetime", "--book", repayment, "--out", Path.Combine(_temp.Path, "r")).Code.Should().Be(0);
        File.ReadAllText(Path.Combine(_temp.Path, "r", "loans.csv")).Should().Be(File.ReadAllText(Path.Combine(_temp.Path, "a", "loans.csv")));
        var (code, _, error) = CliRunner.Run("lifetime", "--book", both, "--out", Path.Combine(_temp.Path, "b"));
        code.Should().Be(3);
        error.Should().Contain("repayment").And.Contain("alias of amortisation");
    }

    [Fact]
    public void Scenario_LifetimeMeasure_ZeroShockEqualsBaselineAndDownturnLowersNpvOfEva()
    {
        string book = _temp.File("book.csv", Header + "\n" + Rows);
        string scenarios = _temp.File("s.yaml", """
            scenarios:
              - name: zero
                shocks:
                  - rate: { shift_bp: 0 }
                  - ftp_rate: { shift_bp: 0 }
              - name: down
                migration: { z_shift: [-2, -1] }
            """);
        string output = Path.Combine(_temp.Path, "out");
        var (code, _, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", scenarios, "--measures", "raroc,lifetime",
            "--matrix", Sample("five-tier-matrix.csv"), "--rho", "0.12", "--out", output);
        code.Should().Be(0, error);

        // Bit for bit: the zero shock's lifetime files are the baseline's.
        foreach (var file in Directory.GetFiles(Path.Combine(output, "baseline", "lifetime")))
        {
            File.ReadAllText(Path.Combine(output, "zero", "lifetime", Path.GetFileName(file))).Should().Be(File.ReadAllText(file), file);
        }

        // The baseline equals valuecore lifetime on the same book (figures of the measure = the lifetime model's).
        string lifetime = Path.Combine(_temp.Path, "lifetime");
        CliRunner.Run("lifetime", "--book", book, "--matrix", Sample("five-tier-matrix.csv"), "--out", lifetime).Code.Should().Be(0);
        var direct = ReadCsv(Path.Combine(lifetime, "loans.csv")).ToDictionary(l => l["loan_id"], l => D(l["npv_eva"]));
        var comparison = ReadCsv(Path.Combine(output, "comparison.csv"));
        var portfolio = comparison.Where(r => r["level"] == "portfolio" && r["figure"] == "npv_eva").ToDictionary(r => r["scenario"]);
        D(portfolio["down"]["baseline"]).Should().BeApproximately(direct.Values.Sum(), SumTolerance * direct.Values.Sum(v => Math.Abs(v)));
        D(portfolio["zero"]["change"]).Should().Be(0);
        D(portfolio["down"]["value"]).Should().BeLessThan(D(portfolio["down"]["baseline"]), "a downturn Z-shift moves borrowers down and into default");
        using (var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "manifest.json"))))
        {
            var lifetimeEntry = manifest.RootElement.GetProperty("parameters").GetProperty("lifetime");
            lifetimeEntry.GetProperty("matrix").GetString().Should().Be("five-tier-matrix.csv");
            lifetimeEntry.GetProperty("rho").GetDouble().Should().Be(0.12);
        }

        var pvEc = comparison.Single(r => r["scenario"] == "down" && r["level"] == "portfolio" && r["figure"] == "pv_el");
        D(pvEc["value"]).Should().BeGreaterThan(D(pvEc["baseline"]));
    }

    [Fact]
    public void Scenario_LifetimeMeasureRateShock_ChangesNpvOfEvaByTheAfterTaxRevenueChange()
    {
        // Bullet loans without a matrix: a rate shift moves revenue only (EL, EC and the balances do not depend on the rate),
        // so the change in NPV of EVA is (1 - tax) x the change in PV(revenue), and PV(EC) does not move.
        string book = _temp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,term\n"
            + "A,s,retail_other,1000,0.01,0.4,0.05,0.03,3\nB,s,retail_other,5000,0.02,0.3,0.06,0.03,2.5\n");
        string scenarios = _temp.File("s.yaml", "scenarios:\n  - name: up\n    shocks:\n      - rate: { shift_bp: 100 }\n");
        string output = Path.Combine(_temp.Path, "out");
        var (code, _, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", scenarios, "--measures", "lifetime", "--out", output);
        code.Should().Be(0, error);
        var rows = ReadCsv(Path.Combine(output, "comparison.csv")).Where(r => r["level"] == "portfolio").ToDictionary(r => r["figure"]);
        double revenue = D(rows["pv_revenue"]["change"]);
        revenue.Should().BeGreaterThan(0);
        D(rows["npv_eva"]["change"]).Should().BeApproximately((1 - ValueCore.Profitability.ProfitabilityParameters.Default.TaxRate) * revenue, 1e-9 * revenue);
        D(rows["pv_ec"]["change"]).Should().Be(0);
    }

    [Fact]
    public void Run_MatrixByYearHoldingTheMatrix_EqualsTheMatrixBitForBit()
    {
        var matrix = IO.Migration.MigrationCsv.ReadOneYearMatrix(Sample("five-tier-matrix.csv"), null, new List<string>());
        var b = new LoanBookBuilder();
        b.Add(new Loan { LoanId = "A", Segment = "s", AssetClass = AssetClass.Corporate, Ead = 1e6, Pd = 0.01, Lgd = 0.4, Rate = 0.05, FtpRate = 0.03, MaturityYears = 3, TermYears = 6.5, Amortisation = Amortisation.Annuity, Classification = "special_mention", PaymentsPerYear = 4 });
        var book = b.Build();
        var plain = LifetimeValuation.Run(book, new LifetimeOptions { Matrix = matrix });
        var byYear = LifetimeValuation.Run(book, new LifetimeOptions { Matrix = matrix, MatrixByYear = [matrix, matrix] });
        byYear.NpvEva.ToArray().Should().Equal(plain.NpvEva.ToArray());
        byYear.BreakEvenRate.ToArray().Should().Equal(plain.BreakEvenRate.ToArray());

        // A year matrix that sends every loan to default in year 1 stops everything after year 1: NPV = year 1's EVA.
        var states = matrix.States;
        var toDefault = new double[states.Count, states.Count];
        for (int s = 0; s < states.Count; s++)
        {
            toDefault[s, states.Count - 1] = 1.0;
        }

        var worse = LifetimeValuation.Run(book, new LifetimeOptions { Matrix = matrix, MatrixByYear = [matrix, TransitionMatrix.Create(states, toDefault, 1.0)] });
        worse.NpvEva[0].Should().BeLessThan(plain.NpvEva[0]);
        FluentActions.Invoking(() => LifetimeValuation.Run(book, new LifetimeOptions { MatrixByYear = [matrix] })).Should().Throw<ArgumentException>();
    }
}
