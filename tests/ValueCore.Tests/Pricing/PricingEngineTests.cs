using System.Globalization;
using System.Text;
using ValueCore.Capital;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Pricing;

/// <summary>Issue 16 item 5: risk-based prices of every loan of a book in memory (<see cref="RiskBasedPricing.PriceBook"/>,
/// FTP from a funding curve included) are exactly what <c>valuecore price --book --curve</c> writes for the same book.</summary>
public class PricingEngineTests
{
    private static readonly double[] s_tenors = [0.5, 2, 7, 15];
    private static readonly double[] s_rates = [0.02, 0.023, 0.028, 0.03];

    private static Loan[] Loans() =>
    [
        new() { LoanId = "P1", Segment = "corp", AssetClass = AssetClass.Corporate, Ead = 1_000_000, Pd = 0.01, Lgd = 0.45, Rate = 0.06, MaturityYears = 2.5, TermYears = 4, Fees = 1_000, Opex = 2_000 },
        new() { LoanId = "P2", Segment = "corp", AssetClass = AssetClass.Sme, Ead = 400_000.5, Pd = 0.02, Lgd = 0.4, Rate = 0.07, TermYears = 3.3, Amortisation = Amortisation.Linear, SalesEurMillions = 20 },
        new() { LoanId = "P3", Segment = "retail", AssetClass = AssetClass.RetailMortgage, Ead = 250_000, Pd = 0.005, Lgd = 0.2, Rate = 0.035, TermYears = 20, Amortisation = Amortisation.Annuity, Opex = 300 },
        new() { LoanId = "P4", Segment = "corp", AssetClass = AssetClass.Corporate, Ead = 2_000_000, Drawn = 1_500_000, Pd = 0.003, Lgd = 0.45, Rate = 0.05, MaturityYears = 5, RepricingYears = 0.25 },
    ];

    private static string N(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    private static double D(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>Prices the loans in memory (<see cref="RiskBasedPricing.PriceBook"/> with the funding curve) and through
    /// <c>valuecore price --curve</c> over the same rows written to a file (an empty ftp_rate cell where the loan has none).</summary>
    private static (PriceBreakdown[] Library, List<Dictionary<string, string>> Cli, FundingOptions Funding) PriceBothWays(Loan[] loans)
    {
        var builder = new LoanBookBuilder();
        foreach (var l in loans)
        {
            builder.Add(l);
        }

        var funding = new FundingOptions { Curve = FundingCurve.Create(s_tenors, s_rates), PaymentsPerYear = 12 };
        var prices = RiskBasedPricing.PriceBook(builder.Build(), new ValuationOptions { Funding = funding }, targetRaroc: null, allocatedCapital: []);

        using var tmp = new TempFolder();
        var csv = new StringBuilder("loan_id,segment,asset_class,ead,drawn,pd,lgd,rate,ftp_rate,maturity,term,amortisation,repricing,sales,fees,opex\n");
        foreach (var l in loans)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{l.LoanId},{l.Segment},{LoanColumns.AssetClassLabels[(int)l.AssetClass]},{N(l.Ead)},{N(l.Drawn)},{N(l.Pd)},{N(l.Lgd)},{N(l.Rate)},{N(l.FtpRate)},")
               .Append(CultureInfo.InvariantCulture, $"{N(l.MaturityYears)},{N(l.TermYears)},{(l.Amortisation == Amortisation.Bullet ? "" : AmortisationLabels.Label(l.Amortisation))},{N(l.RepricingYears)},{N(l.SalesEurMillions)},{N(l.Fees)},{N(l.Opex)}\n");
        }

        var book = tmp.File("deals.csv", csv.ToString());
        var curve = tmp.File("curve.csv", "tenor_years,rate\n" + string.Concat(s_tenors.Zip(s_rates, (t, r) => $"{N(t)},{N(r)}\n")));
        var (code, _, error) = CliRunner.Run("price", "--book", book, "--curve", curve, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);

        var lines = File.ReadAllLines(tmp.Combine("out", "prices.csv"));
        var head = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => head.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        return (prices, rows, funding);
    }

    [Fact]
    public void PriceBook_FundingCurveBookInMemory_SameFiguresAsThePriceCommandWrites()
    {
        var loans = Loans();
        var (prices, rows, funding) = PriceBothWays(loans);
        rows.Should().HaveCount(loans.Length);
        for (int i = 0; i < loans.Length; i++)
        {
            var (r, p) = (rows[i], prices[i]);
            r["loan_id"].Should().Be(loans[i].LoanId);
            r["method"].Should().Be(loans[i].Amortisation == Amortisation.Annuity ? "bisection" : "closed_form");
            D(r["el"]).Should().Be(p.ExpectedLossAmount);
            D(r["ec"]).Should().Be(p.EconomicCapital);
            D(r["target_raroc"]).Should().Be(p.TargetRaroc);
            D(r["min_rate"]).Should().Be(p.MinimumRate, "loan {0}'s minimum rate", loans[i].LoanId);
            D(r["funding"]).Should().Be(p.Funding);
            D(r["expected_loss"]).Should().Be(p.ExpectedLoss);
            D(r["operating_cost"]).Should().Be(p.OperatingCost);
            D(r["fees"]).Should().Be(p.Fees);
            D(r["capital_charge"]).Should().Be(p.CapitalCharge);
            D(r["tax"]).Should().Be(p.Tax);
            D(r["margin"]).Should().Be(p.Margin);
            D(r["drawn"]).Should().Be(p.Drawn);
            D(r["undrawn_charge"]).Should().Be(p.UndrawnCharge);
        }

        // Independent of both: a bullet's funding component is the curve's rate at its term (T = 4, between 2 and 7 years).
        prices[0].Funding.Should().Be(TransferPricing.Rate(funding.Curve, null, Amortisation.Bullet, 4, double.NaN, 12, 0.0).Total);
    }

    [Fact]
    public void Rates_BookInMemory_SameFiguresAsTheFtpCommandWrites()
    {
        var loans = Loans().Select(l => l with { FtpRate = 0.01 }).ToArray(); // a given rate is replaced, as by ftp
        var builder = new LoanBookBuilder();
        foreach (var l in loans)
        {
            builder.Add(l);
        }

        double[] premiumTenors = [1, 20], premiums = [0.002, 0.004];
        var funding = new FundingOptions { Curve = FundingCurve.Create(s_tenors, s_rates), LiquidityCurve = FundingCurve.Create(premiumTenors, premiums), PaymentsPerYear = 2 };
        var rates = TransferPricing.Rates(builder.Build(), funding);

        using var tmp = new TempFolder();
        var csv = new StringBuilder("loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity,term,amortisation,repricing\n");
        foreach (var l in loans)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{l.LoanId},{l.Segment},{LoanColumns.AssetClassLabels[(int)l.AssetClass]},{N(l.Ead)},{N(l.Pd)},{N(l.Lgd)},{N(l.Rate)},{N(l.FtpRate)},")
               .Append(CultureInfo.InvariantCulture, $"{N(l.MaturityYears)},{N(l.TermYears)},{(l.Amortisation == Amortisation.Bullet ? "" : AmortisationLabels.Label(l.Amortisation))},{N(l.RepricingYears)}\n");
        }

        var book = tmp.File("book.csv", csv.ToString());
        var curve = tmp.File("curve.csv", "tenor_years,rate\n" + string.Concat(s_tenors.Zip(s_rates, (t, r) => $"{N(t)},{N(r)}\n")));
        var liquidity = tmp.File("liquidity.csv", "tenor_years,rate\n" + string.Concat(premiumTenors.Zip(premiums, (t, r) => $"{N(t)},{N(r)}\n")));
        var (code, _, error) = CliRunner.Run("ftp", "--book", book, "--curve", curve, "--liquidity", liquidity, "--payments-per-year", "2", "--out", tmp.Combine("out"));
        code.Should().Be(0, error);

        var lines = File.ReadAllLines(tmp.Combine("out", "ftp.csv"));
        var head = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => head.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        rows.Should().HaveCount(loans.Length);
        for (int i = 0; i < loans.Length; i++)
        {
            rows[i]["loan_id"].Should().Be(loans[i].LoanId);
            D(rows[i]["base_rate"]).Should().Be(rates[i].BaseRate);
            D(rows[i]["liquidity_premium"]).Should().Be(rates[i].LiquidityPremium);
            D(rows[i]["ftp_rate"]).Should().Be(rates[i].Total);
        }

        // Independent: a floating-rate loan's interest-rate part is the curve at its repricing term (0.25, below the first tenor: flat).
        rates[3].BaseRate.Should().Be(0.02);
    }

    [Fact]
    public void PriceBook_LoanWithoutFtpAndNoFundingCurve_Throws()
    {
        var book = new LoanBookBuilder().Add(Loans()[0]).Build();
        var act = () => RiskBasedPricing.PriceBook(book, null, null, []);
        act.Should().Throw<DataValidationException>().Which.Issues.Should().ContainSingle().Which.Column.Should().Be(LoanColumns.FtpRate);
    }
    /// <summary>With a curve, a deal's given ftp_rate is used and an empty one derived, in the command as in the library
    /// (and as raroc does); before, the command ignored the column whenever a curve was given.</summary>
    [Fact]
    public void PriceCommand_CurveAndAGivenFtpRate_UsesTheGivenRateAsTheLibraryDoes()
    {
        var loans = Loans();
        loans[0] = loans[0] with { FtpRate = 0.0123 };
        var (prices, rows, _) = PriceBothWays(loans);
        for (int i = 0; i < loans.Length; i++)
        {
            D(rows[i]["min_rate"]).Should().Be(prices[i].MinimumRate, "loan {0}'s minimum rate", loans[i].LoanId);
            D(rows[i]["funding"]).Should().Be(prices[i].Funding, "loan {0}'s funding", loans[i].LoanId);
        }

        // Independent of the curve: the given 1.23% is the funding cost of loan P1 (a bullet, drawn = EAD).
        D(rows[0]["funding"]).Should().Be(0.0123);
    }
}
