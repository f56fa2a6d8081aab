using ValueCore.Capital;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;
using ValueCore.Profitability;

namespace ValueCore.Tests.Pricing;

public class RiskBasedPricingTests
{
    // Round trip: the priced rate valued by PortfolioValuation gives the target RAROC to this absolute tolerance.
    private const double RoundTrip = 1e-12;
    private const double Exact = 1e-12;

    private static ValuationOptions NoTaxNoCapitalRate(double capitalRate = 0.0) =>
        new() { Profitability = new ProfitabilityParameters { TaxRate = 0.0, CapitalRate = capitalRate } };

    [Fact]
    public void Price_HullExample16_5_GivesThePublishedRate()
    {
        // Hull, "Risk Management and Financial Institutions", ch. 16, Example 16.5, p. 380 (see RiskAdjustedReturnTests):
        // per $100 of loans at a spread of 2.5% over the cost of funds, EL 1%, administrative cost 0.7%, economic capital
        // $4, no tax: RAROC = 0.80 / 4 = 20%. Priced backwards at a 20% target with a 4% cost of funds, the minimum rate is
        // the published loan's 6.5% (spread 2.5%).
        var deal = new PricingDeal
        {
            AssetClass = AssetClass.RetailOther, Ead = 100.0, Pd = 0.02, Lgd = 0.5, FtpRate = 0.04, Opex = 0.7, AllocatedCapital = 4.0,
        };
        var price = RiskBasedPricing.Price(deal, NoTaxNoCapitalRate(), targetRaroc: 0.20);
        price.MinimumRate.Should().BeApproximately(0.065, Exact);
        price.Margin.Should().BeApproximately(0.025, Exact);

        // Second version of the example: a 2% risk-free rate earned on the $4 adds 0.08, RAROC 22%: at a 22% target the
        // minimum rate is again 6.5%.
        RiskBasedPricing.Price(deal, NoTaxNoCapitalRate(0.02), 0.22).MinimumRate.Should().BeApproximately(0.065, Exact);
    }

    [Fact]
    public void Price_FrmRarocQuestion_GivesThePublishedRate()
    {
        // GARP FRM Part II practice question (reproduced at http://www.frm.com.cn/frmp2/pingce/1539.html): a GBP 3 million
        // loan at 4% funded by deposits at 1.5%, EL 1%, operating cost 1%, economic capital 8% earning 3%: RAROC = 22.2 / 240
        // = 9.25% (answer A). Priced backwards at 9.25%, the minimum rate is the loan's 4%.
        var deal = new PricingDeal
        {
            AssetClass = AssetClass.Corporate, Ead = 3e6, Pd = 0.02, Lgd = 0.5, MaturityYears = 1.0, FtpRate = 0.015, Opex = 30000,
            AllocatedCapital = 240000,
        };
        var price = RiskBasedPricing.Price(deal, NoTaxNoCapitalRate(0.03), 0.0925);
        price.MinimumRate.Should().BeApproximately(0.04, Exact);
    }

    [Fact]
    public void Price_Decomposition_SumsToTheRate()
    {
        var deal = new PricingDeal { AssetClass = AssetClass.Corporate, Ead = 2e6, Pd = 0.015, Lgd = 0.4, MaturityYears = 3.0, FtpRate = 0.032, Fees = 4000, Opex = 9000 };
        var p = RiskBasedPricing.Price(deal);
        double sum = p.Funding + p.ExpectedLoss + p.OperatingCost + p.Fees + p.CapitalCharge + p.Tax;
        sum.Should().BeApproximately(p.MinimumRate, 1e-16);
        p.Fees.Should().BeApproximately(-0.002, 1e-18);
        p.ExpectedLoss.Should().BeApproximately(0.015 * 0.4, 1e-17);
        p.TargetRaroc.Should().Be(0.12);
        // The capital charge and tax follow from EC: (h - c) EC / EAD and h EC t / ((1 - t) EAD).
        p.CapitalCharge.Should().BeApproximately((0.12 - 0.03) * p.EconomicCapital / 2e6, 1e-17);
        p.Tax.Should().BeApproximately(0.12 * p.EconomicCapital * 0.25 / (0.75 * 2e6), 1e-17);
    }

    [Fact]
    public void PriceBook_RoundTripThroughPortfolioValuation_GivesTheTargetRaroc()
    {
        var random = new Random(20261128);
        var builder = new LoanBookBuilder();
        var classes = Enum.GetValues<AssetClass>();
        for (int i = 0; i < 400; i++)
        {
            var ac = classes[random.Next(classes.Length)];
            builder.Add(new Loan
            {
                LoanId = "L" + i, Segment = i % 3 == 0 ? "cards" : "other", AssetClass = ac, Ead = 1e3 + (random.NextDouble() * 5e6),
                Pd = 0.0002 + (random.NextDouble() * 0.2), Lgd = 0.05 + (random.NextDouble() * 0.9), Rate = 0.05,
                FtpRate = 0.005 + (random.NextDouble() * 0.04), MaturityYears = 0.5 + (random.NextDouble() * 6),
                SalesEurMillions = i % 5 == 0 ? 5 + (random.NextDouble() * 60) : null,
                Fees = random.NextDouble() * 2000, Opex = random.NextDouble() * 5000,
            });
        }

        var book = builder.Build();
        var options = new ValuationOptions { HurdleBySegment = new Dictionary<string, double> { ["cards"] = 0.15 } };
        var prices = RiskBasedPricing.PriceBook(book, options, targetRaroc: null, allocatedCapital: []);

        var repriced = new LoanBookBuilder();
        for (int i = 0; i < book.Count; i++)
        {
            repriced.Add(new Loan
            {
                LoanId = book.LoanId[i], Segment = book.Segment[i], AssetClass = book.AssetClass[i], Ead = book.Ead[i], Pd = book.Pd[i],
                Lgd = book.Lgd[i], Rate = prices[i].MinimumRate, FtpRate = book.FtpRate[i], MaturityYears = double.IsNaN(book.MaturityYears[i]) ? null : book.MaturityYears[i],
                SalesEurMillions = double.IsPositiveInfinity(book.SalesEurMillions[i]) ? null : book.SalesEurMillions[i], Fees = book.Fees[i], Opex = book.Opex[i],
            });
        }

        var result = PortfolioValuation.Run(repriced.Build(), options);
        for (int i = 0; i < book.Count; i++)
        {
            double target = book.Segment[i] == "cards" ? 0.15 : 0.12;
            result.Raroc[i].Should().BeApproximately(target, RoundTrip, "loan {0}", i);
            result.Ec[i].Should().Be(prices[i].EconomicCapital);
            result.Eva[i].Should().BeApproximately(0.0, RoundTrip * result.Ec[i]);
        }
    }

    [Fact]
    public void TryPrice_AnnuityFtpDependingOnRate_SolvesByBisectionToTheTarget()
    {
        var curve = FundingCurve.Create([0.25, 1, 5, 10, 30], [0.02, 0.025, 0.03, 0.034, 0.038]);
        var deal = new PricingDeal { AssetClass = AssetClass.RetailMortgage, Ead = 250000, Pd = 0.008, Lgd = 0.2, FtpRate = 0.0, Opex = 400 };
        double Ftp(double r) => TransferPricing.Rate(curve, null, Amortisation.Annuity, 25.0, double.NaN, 12, r).Total;
        RiskBasedPricing.TryPrice(deal, Ftp, null, null, out var price, out var reason).Should().BeTrue(reason);

        price.Funding.Should().Be(Ftp(price.MinimumRate));
        var book = new LoanBookBuilder().Add(new Loan
        {
            LoanId = "M", Segment = "s", AssetClass = AssetClass.RetailMortgage, Ead = 250000, Pd = 0.008, Lgd = 0.2, Rate = price.MinimumRate,
            FtpRate = price.Funding, Opex = 400,
        }).Build();
        double raroc = PortfolioValuation.Run(book).Raroc[0];
        raroc.Should().BeApproximately(0.12, RoundTrip);
        raroc.Should().BeGreaterThanOrEqualTo(0.12);

        // The bracket holds two adjacent doubles: one step lower misses the target.
        double below = Math.BitDecrement(price.MinimumRate);
        var belowBook = new LoanBookBuilder().Add(new Loan
        {
            LoanId = "M", Segment = "s", AssetClass = AssetClass.RetailMortgage, Ead = 250000, Pd = 0.008, Lgd = 0.2, Rate = below, FtpRate = Ftp(below), Opex = 400,
        }).Build();
        PortfolioValuation.Run(belowBook).Raroc[0].Should().BeLessThan(0.12);
    }

    [Fact]
    public void TryPrice_ZeroEad_ReportsWhy()
    {
        var deal = new PricingDeal { AssetClass = AssetClass.RetailOther, Ead = 0, Pd = 0.01, Lgd = 0.5, FtpRate = 0.03 };
        RiskBasedPricing.TryPrice(deal, null, null, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("EAD is 0");
        FluentActions.Invoking(() => RiskBasedPricing.Price(deal)).Should().Throw<InvalidOperationException>().WithMessage("*EAD is 0*");
    }

    [Fact]
    public void TryPrice_ZeroCapital_ReportsWhy()
    {
        var deal = new PricingDeal { AssetClass = AssetClass.RetailOther, Ead = 100, Pd = 0.01, Lgd = 0.0, FtpRate = 0.03 };
        RiskBasedPricing.TryPrice(deal, null, null, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("economic capital is 0");
    }

    [Fact]
    public void TryPrice_RateNeededAboveRange_ReportsTheRate()
    {
        // Operating cost of 12 per 1 of EAD needs a rate above 1000%.
        var deal = new PricingDeal { AssetClass = AssetClass.RetailOther, Ead = 1, Pd = 0.01, Lgd = 0.5, FtpRate = 0.03, Opex = 12 };
        RiskBasedPricing.TryPrice(deal, null, null, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("is outside (-1, 10)");
    }

    [Fact]
    public void PriceBook_UnreachableLoans_AreAllListed()
    {
        var book = new LoanBookBuilder()
            .Add(new Loan { LoanId = "ok", Segment = "s", AssetClass = AssetClass.RetailOther, Ead = 100, Pd = 0.01, Lgd = 0.5, Rate = 0.05, FtpRate = 0.03 })
            .Add(new Loan { LoanId = "zero", Segment = "s", AssetClass = AssetClass.RetailOther, Ead = 0, Pd = 0.01, Lgd = 0.5, Rate = 0.05, FtpRate = 0.03 })
            .Add(new Loan { LoanId = "nolgd", Segment = "s", AssetClass = AssetClass.RetailOther, Ead = 100, Pd = 0.01, Lgd = 0, Rate = 0.05, FtpRate = 0.03 })
            .Build();
        var act = () => RiskBasedPricing.PriceBook(book, null, null, []);
        var e = act.Should().Throw<DataValidationException>().Which;
        e.TotalIssues.Should().Be(2);
        e.Issues.Select(i => i.Value).Should().Equal("zero", "nolgd");
        e.Issues[0].Line.Should().Be(2);
    }

    [Fact]
    public void Price_InvalidDeal_Throws()
    {
        var deal = new PricingDeal { AssetClass = AssetClass.Corporate, Ead = 100, Pd = 0.01, Lgd = 0.5, FtpRate = 0.03 };
        FluentActions.Invoking(() => RiskBasedPricing.Price(deal)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*MaturityYears*");
        FluentActions.Invoking(() => RiskBasedPricing.Price(deal with { MaturityYears = 1, Pd = 0 })).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => RiskBasedPricing.Price(deal with { MaturityYears = 1 }, null, 11)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void PriceBook_OneVersusManyThreads_BitIdentical()
    {
        var random = new Random(11);
        var builder = new LoanBookBuilder();
        for (int i = 0; i < 20000; i++)
        {
            builder.Add(new Loan
            {
                LoanId = "L" + i, Segment = "s", AssetClass = AssetClass.RetailOther, Ead = 1e3 + (random.NextDouble() * 1e5), Pd = 0.001 + (random.NextDouble() * 0.1),
                Lgd = 0.1 + (random.NextDouble() * 0.8), Rate = 0.05, FtpRate = 0.02 + (random.NextDouble() * 0.02), Opex = random.NextDouble() * 100,
            });
        }

        var book = builder.Build();
        var one = RiskBasedPricing.PriceBook(book, null, null, [], maxDegreeOfParallelism: 1);
        var many = RiskBasedPricing.PriceBook(book, null, null, [], maxDegreeOfParallelism: 4);
        many.Should().Equal(one);
    }
}
