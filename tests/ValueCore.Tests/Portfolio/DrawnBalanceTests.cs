using ValueCore.Capital;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Profitability;
using ValueCore.Scenarios;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Portfolio;

/// <summary>Issue 15 items 2 and 6: interest and funding accrue on the drawn balance (EL and capital on EAD), and the
/// contractual term feeds the FTP while the effective maturity feeds the IRB formula.</summary>
public class DrawnBalanceTests
{
    // Hand arithmetic on a few decimal inputs: the only error is the rounding of each double operation, a few ulps of
    // the result (|revenue| <= 10 here, so 1e-13 is about 1,000 ulps and far below any figure a test tells apart).
    private const double ArithmeticTolerance = 1e-13;

    // The priced rate is a closed form evaluated in double; EVA at that rate is a difference of terms of order
    // EAD x rate = 1e2, so rounding leaves at most a few 1e-14 of it.
    private const double EvaTolerance = 1e-10;

    /// <summary>The issue's facility: drawn 100, undrawn 100, CCF 0.5 (EAD 150), rate 10%, FTP 5%.</summary>
    private static Loan Facility(string id = "F1") => new()
    {
        LoanId = id, Segment = "corp", AssetClass = AssetClass.Corporate, Ead = 100 + (0.5 * 100), Drawn = 100, Undrawn = 100,
        Pd = 0.01, Lgd = 0.45, MaturityYears = 2.5, Rate = 0.10, FtpRate = 0.05,
    };

    [Fact]
    public void Run_FacilityDrawn100Undrawn100_RevenueIsFiveNotSevenAndAHalf()
    {
        // Issue 15 item 2: 100 x (10% - 5%) = 5; on EAD it was 150 x 5% = 7.5.
        var book = new LoanBookBuilder().Add(Facility()).Build();
        var result = PortfolioValuation.Run(book);
        result.Revenue[0].Should().BeApproximately(5.0, ArithmeticTolerance);
        result.Book.Ead[0].Should().Be(150);
        result.El[0].Should().BeApproximately(0.01 * 0.45 * 150, ArithmeticTolerance, "EL stays on EAD");
        result.Ec[0].Should().Be(result.K[0] * 150, "capital stays on EAD");
    }

    [Fact]
    public void Run_CommitmentFeeAndUndrawnLiquidityCharge_AddUndrawnTimesTheirDifference()
    {
        // drawn 100 x (8% - 3%) + fees 1 + undrawn 200 x (0.5% - 0.2%) = 5 + 1 + 0.6 = 6.6.
        var loan = Facility() with { Ead = 160, Undrawn = 200, Rate = 0.08, FtpRate = 0.03, Fees = 1, CommitmentFee = 0.005, UndrawnFtpRate = 0.002 };
        var result = PortfolioValuation.Run(new LoanBookBuilder().Add(loan).Build());
        result.Revenue[0].Should().BeApproximately(6.6, ArithmeticTolerance);
        RiskAdjustedReturn.Revenue(drawn: 100, rate: 0.08, ftpRate: 0.03, fees: 1, undrawn: 200, commitmentFee: 0.005, undrawnFtpRate: 0.002)
            .Should().BeApproximately(6.6, ArithmeticTolerance);
    }

    [Fact]
    public void Run_OnlyEadGiven_RevenueHasTheBitsOfEadTimesMarginPlusFees()
    {
        // Books without a drawn balance keep today's figures bit for bit: revenue = (EAD x (rate - FTP)) + fees.
        var loans = new[]
        {
            (Ead: 1_234_567.891, Rate: 0.0612, Ftp: 0.0347, Fees: 1234.5),
            (Ead: 0.1, Rate: -0.003, Ftp: 0.011, Fees: 0.0),
            (Ead: 98_765.4321, Rate: 0.15, Ftp: 0.02, Fees: -7.25),
        };
        var builder = new LoanBookBuilder();
        for (int i = 0; i < loans.Length; i++)
        {
            builder.Add(new Loan
            {
                LoanId = "L" + i, Segment = "s", AssetClass = AssetClass.RetailOther, Ead = loans[i].Ead, Pd = 0.02, Lgd = 0.4,
                Rate = loans[i].Rate, FtpRate = loans[i].Ftp, Fees = loans[i].Fees,
            });
        }

        var result = PortfolioValuation.Run(builder.Build());
        for (int i = 0; i < loans.Length; i++)
        {
            result.Revenue[i].Should().Be((loans[i].Ead * (loans[i].Rate - loans[i].Ftp)) + loans[i].Fees);
        }
    }

    [Fact]
    public void Apply_CcfShock_LeavesRevenueAndRaisesEadElAndEc()
    {
        // A CCF shock converts more of the undrawn amount into EAD: what may be lost grows, what is lent (and earns) does not.
        var book = new LoanBookBuilder().Add(Facility()).Build();
        var before = PortfolioValuation.Run(book);
        var stressed = Scenario.Named("ccf").Ead.Ccf(1.0).Build().Apply(book);
        var after = PortfolioValuation.Run(stressed.Book, stressed.Options);

        stressed.Book.Ead[0].Should().Be(200);
        after.Revenue[0].Should().Be(before.Revenue[0]);
        after.El[0].Should().BeApproximately(before.El[0] * 200 / 150, ArithmeticTolerance, "EL = PD LGD EAD");
        after.Ec[0].Should().BeApproximately(before.Ec[0] * 200 / 150, ArithmeticTolerance, "EC = K EAD, K unchanged");
        after.Ec[0].Should().BeGreaterThan(before.Ec[0]);
    }

    [Fact]
    public void Build_DrawnAboveEad_IsRejectedCitingBaselPara474()
    {
        var builder = new LoanBookBuilder().Add(Facility() with { Ead = 90, Drawn = 100 });
        builder.Invoking(b => b.Build()).Should().Throw<DataValidationException>()
            .Which.Issues.Should().ContainSingle(i => i.Column == LoanColumns.Drawn && i.Rule.Contains("exceeds ead = 90") && i.Rule.Contains("para 474"));
    }

    [Fact]
    public void Price_DrawnAndUndrawnFacility_MinimumRateGivesEvaZero()
    {
        // Closed form on the drawn balance D: r* = FTP + [h EC / (1 - t) - c EC + opex + EL - fees - U (cf - uf)] / D.
        // Valued at r*, the loan earns exactly its hurdle: EVA = 0.
        var deal = new PricingDeal
        {
            AssetClass = AssetClass.Corporate, Ead = 150, Drawn = 100, Undrawn = 100, CommitmentFee = 0.004, UndrawnFtpRate = 0.001,
            Pd = 0.01, Lgd = 0.45, MaturityYears = 2.5, FtpRate = 0.05, Fees = 0.2, Opex = 0.5,
        };
        var price = RiskBasedPricing.Price(deal);
        var options = ValuationOptions.Default;
        double t = options.Profitability.TaxRate, c = options.Profitability.CapitalRate, h = options.Profitability.Hurdle;
        double expected = 0.05 + (((h * price.EconomicCapital / (1 - t)) - (c * price.EconomicCapital) + 0.5 + price.ExpectedLossAmount - 0.2 - (100 * (0.004 - 0.001))) / 100);
        price.MinimumRate.Should().BeApproximately(expected, ArithmeticTolerance);
        price.Drawn.Should().Be(100);
        (price.Funding + price.ExpectedLoss + price.OperatingCost + price.Fees + price.UndrawnCharge + price.CapitalCharge + price.Tax)
            .Should().BeApproximately(price.MinimumRate, ArithmeticTolerance, "the parts add up to the rate");

        var loan = new Loan
        {
            LoanId = "P", Segment = "corp", AssetClass = AssetClass.Corporate, Ead = 150, Drawn = 100, Undrawn = 100, CommitmentFee = 0.004,
            UndrawnFtpRate = 0.001, Pd = 0.01, Lgd = 0.45, MaturityYears = 2.5, Rate = price.MinimumRate, FtpRate = 0.05, Fees = 0.2, Opex = 0.5,
        };
        var valued = PortfolioValuation.Run(new LoanBookBuilder().Add(loan).Build());
        valued.Ec[0].Should().Be(price.EconomicCapital);
        valued.Eva[0].Should().BeApproximately(0.0, EvaTolerance);
    }

    [Fact]
    public void Build_NonRetailLoanWithTermButNoMaturity_TakesMEqualToTheTerm()
    {
        // Basel II para 320: M may conservatively be the maximum remaining time (in years) the obligor may take to discharge
        // its obligations, i.e. the contractual term; the term itself feeds the FTP.
        var withTerm = Facility("T") with { MaturityYears = null, TermYears = 4 };
        var withMaturity = Facility("M") with { MaturityYears = 4 };
        var amortising = Facility("A") with { MaturityYears = 2.2, TermYears = 4 };
        var book = new LoanBookBuilder().Add(withTerm).Add(withMaturity).Add(amortising).Build();
        book.MaturityYears.ToArray().Should().Equal(4, 4, 2.2);
        book.TermYears.ToArray().Should().Equal(4, 4, 4);
        var result = PortfolioValuation.Run(book);
        result.MaturityAdjustment[0].Should().Be(result.MaturityAdjustment[1]);
        result.MaturityAdjustment[2].Should().BeLessThan(result.MaturityAdjustment[1], "M (2.2) of an amortising loan is shorter than its term");
    }

    [Fact]
    public void Revenue_UndrawnSpanKernel_EqualsScalarElementWiseAndChecksLengths()
    {
        double[] drawn = [100, 0, 2.5e6], rate = [0.1, 0.07, -0.002], ftp = [0.05, 0.03, 0.011], fees = [0, 12, -3],
            undrawn = [100, 50, 1e6], fee = [0.005, 0, 0.0025], charge = [0.002, 0.001, 0];
        var destination = new double[3];
        RiskAdjustedReturn.Revenue(drawn, rate, ftp, fees, undrawn, fee, charge, destination);
        for (int i = 0; i < 3; i++)
        {
            destination[i].Should().Be(RiskAdjustedReturn.Revenue(drawn[i], rate[i], ftp[i], fees[i], undrawn[i], fee[i], charge[i]));
        }

        FluentActions.Invoking(() => RiskAdjustedReturn.Revenue(drawn, rate, ftp, fees, undrawn.AsSpan(0, 2), fee, charge, destination)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => RiskAdjustedReturn.Revenue(drawn, rate, ftp, fees, undrawn, fee, charge, new double[2])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => RiskAdjustedReturn.Revenue(100, 0.1, 0.05, 0, double.NaN, 0, 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("undrawn");
    }

    [Fact]
    public void WithDrawnAndUndrawn_DrawnAboveEad_Throws()
    {
        var book = new LoanBookBuilder().Add(Facility() with { Drawn = null, Undrawn = 0 }).Build();
        book.HasDrawnAndUndrawn.Should().BeFalse();
        book.AccruingBalance.ToArray().Should().Equal(150);
        FluentActions.Invoking(() => book.WithDrawnAndUndrawn([150.5], [0])).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*para 474*");
        book.WithDrawnAndUndrawn([120], [60]).AccruingBalance.ToArray().Should().Equal(120);
    }

    [Fact]
    public void Read_BookWithDrawnUndrawnAndTerm_CarriesThemSoEveryPortfolioRunEarnsOnDrawn()
    {
        // LoanBookCsv feeds the scenario, capital and provision runs: the book it reads must carry the drawn balance.
        using var tmp = new TempFolder();
        var path = tmp.File("book.csv", "loan_id,segment,asset_class,drawn,undrawn,ccf,commitment_fee,pd,lgd,rate,ftp_rate,maturity,term\n" +
            "F1,corp,corporate,100,100,0.5,0.004,0.01,0.45,0.10,0.05,2.5,5\n");
        var book = LoanBookCsv.Read(path);
        book.Ead.ToArray().Should().Equal(150);
        book.Drawn.ToArray().Should().Equal(100);
        book.Undrawn.ToArray().Should().Equal(100);
        book.CommitmentFee.ToArray().Should().Equal(0.004);
        book.UndrawnFtpRate.IsEmpty.Should().BeTrue();
        book.MaturityYears.ToArray().Should().Equal(2.5);
        book.TermYears.ToArray().Should().Equal(5);
        PortfolioValuation.Run(book).Revenue[0].Should().BeApproximately(5.0 + (100 * 0.004), ArithmeticTolerance);
    }
}
