using System.Globalization;
using System.Text;
using System.Text.Json;
using ValueCore.Capital;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Portfolio;

/// <summary>Issue 16 item 1 ("one engine"): a book valued in memory with a funding curve gives exactly the figures, transfer
/// prices and fallback counts that <c>valuecore raroc --curve</c> writes for the same book read from a file.</summary>
public class ValuationEngineTests
{
    private static readonly double[] s_tenors = [0.25, 1, 3, 5, 10];
    private static readonly double[] s_rates = [0.021, 0.024, 0.027, 0.029, 0.031];
    private static readonly double[] s_premiumTenors = [1, 10];
    private static readonly double[] s_premiums = [0.001, 0.006];

    private static FundingOptions Funding() => new()
    {
        Curve = FundingCurve.Create(s_tenors, s_rates),
        LiquidityCurve = FundingCurve.Create(s_premiumTenors, s_premiums),
        PaymentsPerYear = 4,
    };

    /// <summary>Loans that take every path: derived FTP (bullet, linear, annuity, repricing), given FTP, term only, maturity
    /// only, retail without maturity, a defaulted loan without BEEL, a drawn balance, SME sales.</summary>
    private static Loan[] Loans() =>
    [
        new() { LoanId = "B1", Segment = "corp", AssetClass = AssetClass.Corporate, Ead = 1_000_000, Pd = 0.01, Lgd = 0.45, Rate = 0.06, MaturityYears = 2.5, TermYears = 4, Fees = 1_000, Opex = 2_000 },
        new() { LoanId = "L1", Segment = "corp", AssetClass = AssetClass.Sme, Ead = 400_000.5, Pd = 0.02, Lgd = 0.4, Rate = 0.07, TermYears = 3.3, Amortisation = Amortisation.Linear, SalesEurMillions = 20 },
        new() { LoanId = "A1", Segment = "retail", AssetClass = AssetClass.RetailMortgage, Ead = 250_000, Pd = 0.005, Lgd = 0.2, Rate = 0.035, TermYears = 20, Amortisation = Amortisation.Annuity },
        new() { LoanId = "R1", Segment = "corp", AssetClass = AssetClass.Corporate, Ead = 2_000_000, Drawn = 1_500_000, Pd = 0.003, Lgd = 0.45, Rate = 0.05, MaturityYears = 5, RepricingYears = 0.25 },
        new() { LoanId = "G1", Segment = "corp", AssetClass = AssetClass.Bank, Ead = 300_000, Pd = 0.001, Lgd = 0.45, Rate = 0.04, FtpRate = 0.025, MaturityYears = 1 },
        new() { LoanId = "D1", Segment = "retail", AssetClass = AssetClass.RetailOther, Ead = 10_000, Pd = 1, Lgd = 0.7, Rate = 0.1, FtpRate = 0.02 },
        new() { LoanId = "M1", Segment = "retail", AssetClass = AssetClass.RetailRevolving, Ead = 5_000, Pd = 0.0001, Lgd = 0.8, Rate = 0.15, MaturityYears = 1.5 },
    ];

    private static string N(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Csv(Loan[] loans)
    {
        var sb = new StringBuilder("loan_id,segment,asset_class,ead,drawn,pd,lgd,rate,ftp_rate,maturity,term,amortisation,repricing,sales,fees,opex\n");
        foreach (var l in loans)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{l.LoanId},{l.Segment},{LoanColumns.AssetClassLabels[(int)l.AssetClass]},{N(l.Ead)},{N(l.Drawn)},{N(l.Pd)},{N(l.Lgd)},{N(l.Rate)},{N(l.FtpRate)},")
              .Append(CultureInfo.InvariantCulture, $"{N(l.MaturityYears)},{N(l.TermYears)},{(l.Amortisation == Amortisation.Bullet ? "" : AmortisationLabels.Label(l.Amortisation))},{N(l.RepricingYears)},{N(l.SalesEurMillions)},{N(l.Fees)},{N(l.Opex)}\n");
        }

        return sb.ToString();
    }

    private static string CurveCsv(double[] tenors, double[] rates) =>
        "tenor_years,rate\n" + string.Concat(tenors.Zip(rates, (t, r) => $"{N(t)},{N(r)}\n"));

    private static double D(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> Table(string path)
    {
        var lines = File.ReadAllLines(path);
        var head = lines[0].Split(',');
        return lines.Skip(1).Select(l => head.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static PortfolioResult InMemory(Loan[] loans)
    {
        var builder = new LoanBookBuilder();
        foreach (var l in loans)
        {
            builder.Add(l);
        }

        return PortfolioValuation.Run(builder.Build(), new ValuationOptions { Funding = Funding() });
    }

    [Fact]
    public void Run_FundingCurveBookInMemory_SameFiguresAsTheRarocCommandWrites()
    {
        var loans = Loans();
        var result = InMemory(loans);

        using var tmp = new TempFolder();
        var book = tmp.File("book.csv", Csv(loans));
        var curve = tmp.File("curve.csv", CurveCsv(s_tenors, s_rates));
        var liquidity = tmp.File("liquidity.csv", CurveCsv(s_premiumTenors, s_premiums));
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--curve", curve, "--liquidity", liquidity, "--payments-per-year", "4", "--out", tmp.Combine("out"));
        code.Should().Be(0, error);

        var rows = Table(tmp.Combine("out", "loans.csv"));
        rows.Should().HaveCount(loans.Length);
        for (int i = 0; i < loans.Length; i++)
        {
            var r = rows[i];
            r["loan_id"].Should().Be(result.Book.LoanId[i]);
            D(r["ead"]).Should().Be(result.Book.Ead[i]);
            D(r["pd"]).Should().Be(result.Pd[i]);
            D(r["correlation"]).Should().Be(result.Correlation[i]);
            D(r["maturity_adjustment"]).Should().Be(result.MaturityAdjustment[i]);
            D(r["k"]).Should().Be(result.K[i]);
            D(r["rwa"]).Should().Be(result.Rwa[i]);
            D(r["el"]).Should().Be(result.El[i]);
            D(r["ec"]).Should().Be(result.Ec[i]);
            D(r["revenue"]).Should().Be(result.Revenue[i]);
            D(r["return_pretax"]).Should().Be(result.PreTaxReturn[i]);
            D(r["return"]).Should().Be(result.Return[i]);
            D(r["raroc"]).Should().Be(result.Raroc[i]);
            D(r["eva"]).Should().Be(result.Eva[i]);
            D(r["ftp_rate"]).Should().Be(result.FtpRate[i], "loan {0}'s transfer price", loans[i].LoanId);
        }

        var groups = Table(tmp.Combine("out", "by_segment.csv"));
        var table = result.GroupBy(LoanColumns.Segment);
        groups.Should().HaveCount(table.Rows.Count);
        for (int g = 0; g < groups.Count; g++)
        {
            var (row, expected) = (groups[g], table.Rows[g]);
            row["segment"].Should().Be(expected.Keys[0]);
            D(row["ead"]).Should().Be(expected.Ead);
            D(row["el"]).Should().Be(expected.El);
            D(row["ec"]).Should().Be(expected.Ec);
            D(row["rwa"]).Should().Be(expected.Rwa);
            D(row["revenue"]).Should().Be(expected.Revenue);
            D(row["return"]).Should().Be(expected.Return);
            D(row["eva"]).Should().Be(expected.Eva);
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.Combine("out", "manifest.json")));
        var fallbacks = manifest.RootElement.GetProperty("fallbacks");
        var counts = manifest.RootElement.GetProperty("rows");
        fallbacks.GetProperty("drawn_from_ead").GetInt64().Should().Be(result.Fallbacks.DrawnFromEad);
        fallbacks.GetProperty("term_from_maturity").GetInt64().Should().Be(result.Fallbacks.TermFromMaturity);
        fallbacks.GetProperty("maturity_from_term").GetInt64().Should().Be(result.Fallbacks.MaturityFromTerm);
        counts.GetProperty("defaulted_without_beel").GetInt64().Should().Be(result.Fallbacks.DefaultedWithoutBeel);
        counts.GetProperty("technical_pd_floor").GetInt64().Should().Be(result.TechnicalPdFloorCount);
        counts.GetProperty("zero_capital").GetInt64().Should().Be(result.ZeroCapitalCount);
    }

    [Fact]
    public void Run_FundingCurve_DerivesTheMatchedMaturityRateAndKeepsAGivenOne()
    {
        // Independent of the valuation: the transfer-pricing functions on each loan's own terms.
        var loans = Loans();
        var result = InMemory(loans);
        var f = Funding();
        result.FtpRate[0].Should().Be(TransferPricing.Rate(f.Curve, f.LiquidityCurve, Amortisation.Bullet, 4, double.NaN, 4, 0.06).Total, "the term, not the maturity");
        result.FtpRate[1].Should().Be(TransferPricing.Rate(f.Curve, f.LiquidityCurve, Amortisation.Linear, 3.3, double.NaN, 4, 0.07).Total);
        result.FtpRate[2].Should().Be(TransferPricing.Rate(f.Curve, f.LiquidityCurve, Amortisation.Annuity, 20, double.NaN, 4, 0.035).Total);
        result.FtpRate[3].Should().Be(TransferPricing.Rate(f.Curve, f.LiquidityCurve, Amortisation.Bullet, 5, 0.25, 4, 0.05).Total, "the maturity stands in for the term");
        result.FtpRate[4].Should().Be(0.025, "a given transfer price is kept");
        result.Revenue[4].Should().Be((300_000 * (0.04 - 0.025)) + 0);
    }

    [Fact]
    public void Run_InMemoryBook_CountsEachFallbackOnce()
    {
        // By construction of Loans(): drawn given only on R1; term missing on R1, G1, M1 (with a maturity) and D1 (without);
        // maturity missing on the corporate-like L1 (SME, term 3.3); one defaulted loan without BEEL (D1).
        var result = InMemory(Loans());
        result.Fallbacks.Should().Be(new ValuationFallbacks(DrawnFromEad: 6, TermFromMaturity: 3, MaturityFromTerm: 1, DefaultedWithoutBeel: 1));
        (result.Fallbacks + result.Fallbacks).Should().Be(new ValuationFallbacks(12, 6, 2, 2));
    }

    [Fact]
    public void Run_LoanWithoutFtpAndNoFundingCurve_ThrowsNamingTheRecord()
    {
        var book = new LoanBookBuilder().Add(Loans()[0]).Add(Loans()[4]).Build();
        var act = () => PortfolioValuation.Run(book);
        act.Should().Throw<DataValidationException>().Which.Issues.Should().ContainSingle()
            .Which.Should().Be(new DataIssue(1, LoanColumns.FtpRate, "", "is required (the valuation options give no funding curve to derive it from)"));
    }

    [Fact]
    public void Run_RetailLoanWithoutFtpNorTerm_ThrowsTheBatchRule()
    {
        var retail = Loans()[6] with { MaturityYears = null };
        var book = new LoanBookBuilder().Add(retail).Build();
        var act = () => PortfolioValuation.Run(book, new ValuationOptions { Funding = Funding() });
        act.Should().Throw<DataValidationException>().Which.Issues.Should().ContainSingle()
            .Which.Rule.Should().Be("is required to derive the transfer price from the funding curve (the loan has no ftp_rate, and no term, which would be used first)");
    }

    [Fact]
    public void Build_NaNGivenAsMaturity_IsAnIssueNotNotGiven()
    {
        // "Not given" is null; a NaN value is a value that breaks the rule, even for a retail loan that needs none.
        var act = () => new LoanBookBuilder().Add(Loans()[6] with { MaturityYears = double.NaN }).Build();
        act.Should().Throw<DataValidationException>().Which.Issues.Should().ContainSingle().Which.Column.Should().Be(LoanColumns.Maturity);
    }

    [Fact]
    public void Read_BookFromFile_SameFallbacksAsTheBuiltBook()
    {
        var loans = Loans().Select(l => l with { FtpRate = l.FtpRate ?? 0.03 }).ToArray();
        using var tmp = new TempFolder();
        var read = LoanBookCsv.Read(tmp.File("book.csv", Csv(loans)));
        var built = InMemory(loans);
        PortfolioValuation.Run(read).Fallbacks.Should().Be(built.Fallbacks);
    }

    [Fact]
    public void FundingOptions_PaymentsPerYearOutsideRange_Throws()
    {
        var curve = FundingCurve.Flat(0.02);
        ((Action)(() => _ = new FundingOptions { Curve = curve, PaymentsPerYear = 0 })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new FundingOptions { Curve = curve, PaymentsPerYear = 367 })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new FundingOptions { Curve = null! })).Should().Throw<ArgumentNullException>();
    }
}
