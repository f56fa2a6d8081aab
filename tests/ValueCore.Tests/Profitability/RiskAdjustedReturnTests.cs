using ValueCore.Capital;
using ValueCore.Profitability;

namespace ValueCore.Tests.Profitability;

public class RiskAdjustedReturnTests
{
    // Textbook figures are printed to 0.1 percentage point (11.1%, 18.4%) or exactly (20%, 22%).
    private const double PrintedPercentTolerance = 0.0005;
    private const double ExactTolerance = 1e-12;

    // How the textbook terms map onto ours:
    //   revenue  = EAD x (rate - FTP rate) + fees  <- "spread between the cost of funds and the interest charged" (the
    //              FTP rate is the cost of funds) plus fee income;
    //   opex     <- administrative / operating costs;
    //   EL       <- expected loss (PD x LGD x EAD);
    //   capital rate x EC <- "interest on the economic capital" / return on risk capital invested risk-free;
    //   tax      <- effective tax rate applied to the whole pre-tax figure;
    //   RAROC = after-tax return / EC; EVA = after-tax return - hurdle x EC.

    [Fact]
    public void Raroc_HullExample16_5_Is20Percent()
    {
        // Hull, J. C., "Risk Management and Financial Institutions", ch. 16 (economic capital), Example 16.5, p. 380 (the
        // edition reproduced at https://studmed.ru/view/hull-jc-risk-management-and-financial-institutions_108d463.html?page=39).
        // Per $100 of loans: spread over the cost of funds 2.5%, expected loss 1%, administrative costs 0.7%, economic
        // capital $4 (99.97% worst-case loss 5% less EL 1%). "the expected profit is reduced to $0.80 per $100 ...
        // RAROC is therefore" 0.80 / 4 = 20%. No tax, no interest on capital in this first version.
        double revenue = RiskAdjustedReturn.Revenue(drawn: 100.0, rate: 0.065, ftpRate: 0.04, fees: 0.0);
        revenue.Should().BeApproximately(2.5, ExactTolerance);
        double el = IrbFormula.ExpectedLoss(pd: 0.02, lgd: 0.5, ead: 100.0); // 1% of the loan
        el.Should().BeApproximately(1.0, ExactTolerance);
        double preTax = RiskAdjustedReturn.PreTaxReturn(revenue, opex: 0.7, el, economicCapital: 4.0, capitalRate: 0.0);
        preTax.Should().BeApproximately(0.80, ExactTolerance);
        double ret = RiskAdjustedReturn.AfterTax(preTax, taxRate: 0.0);
        RiskAdjustedReturn.Raroc(ret, 4.0)!.Value.Should().BeApproximately(0.20, ExactTolerance);
    }

    [Fact]
    public void Raroc_HullExample16_5WithInterestOnCapital_Is22Percent()
    {
        // Same example, second version: "Suppose the risk-free interest rate is 2%. Then 0.02 x 4 = 0.08 is added to the
        // numerator, so that RAROC becomes" 0.88 / 4 = 22%. The capital rate of ValueCore is that risk-free rate.
        double revenue = RiskAdjustedReturn.Revenue(100.0, 0.065, 0.04, 0.0);
        double preTax = RiskAdjustedReturn.PreTaxReturn(revenue, 0.7, 1.0, economicCapital: 4.0, capitalRate: 0.02);
        preTax.Should().BeApproximately(0.88, ExactTolerance);
        RiskAdjustedReturn.Raroc(RiskAdjustedReturn.AfterTax(preTax, 0.0), 4.0)!.Value.Should().BeApproximately(0.22, ExactTolerance);
    }

    [Fact]
    public void Raroc_HullAssetManagementProblem_Is18Point4Percent()
    {
        // Hull, "Risk Management and Financial Institutions", end-of-chapter problem on economic capital and RAROC
        // (numbered 23.8 or 26.8 depending on the edition; text at
        // https://www.transtutors.com/questions/23-8-a-bank-is-considering-expanding-its-asset-management-operations-the-main-risk-i-1328788.htm,
        // answer at https://holooly.com/solutions-v20/a-bank-is-considering-expanding-its-asset-management-operations-...):
        // expected operational loss $2m, worst-case loss $40m, fees $12m a year, administrative costs $3m a year.
        // Answer: "The capital is $38 million and the return before tax is $7 million. The before-tax RAROC is therefore
        // 18.4%." Mapping: revenue = fees (no funded balance), opex = 3, EL = 2, EC = 40 - 2, no tax, no capital rate.
        double revenue = RiskAdjustedReturn.Revenue(drawn: 0.0, rate: 0.0, ftpRate: 0.0, fees: 12.0);
        double preTax = RiskAdjustedReturn.PreTaxReturn(revenue, opex: 3.0, expectedLoss: 2.0, economicCapital: 38.0, capitalRate: 0.0);
        preTax.Should().Be(7.0);
        RiskAdjustedReturn.Raroc(RiskAdjustedReturn.AfterTax(preTax, 0.0), 38.0)!.Value.Should().BeApproximately(0.184, PrintedPercentTolerance);
    }

    [Fact]
    public void Raroc_SaundersAllenLoanExample_Is11Point1Percent()
    {
        // Saunders, A. and Allen, L., "Credit Risk Measurement: New Approaches to Value at Risk and Other Paradigms",
        // 2nd ed. (Wiley, 2002), ch. 13 "Risk-Adjusted Return on Capital Models", loan example, as given in the chapter's
        // slides (https://www.slideserve.com/Faraday/chapter-13): spread 0.2% x $1m = $2,000; fees 0.15% x $1m = $1,500;
        // EL = 0.1% x $0.5m = $500 (PD 0.1% on the $0.5m loss given default); tax rate 0%; adjusted income $3,000;
        // capital at risk $27,000 (the same figure from the chapter's market-based, duration approach, dL = -$27,000,
        // and its experience-based approach; taken as given); "RAROC = $3,000/$27,000 = 11.1%".
        const double ead = 1_000_000.0;
        double revenue = RiskAdjustedReturn.Revenue(ead, rate: 0.052, ftpRate: 0.050, fees: 0.0015 * ead);
        revenue.Should().BeApproximately(3_500.0, 1e-9);
        double el = IrbFormula.ExpectedLoss(pd: 0.001, lgd: 0.5, ead);
        el.Should().BeApproximately(500.0, 1e-9);
        const double capitalAtRisk = 27_000.0;
        double ret = RiskAdjustedReturn.AfterTax(RiskAdjustedReturn.PreTaxReturn(revenue, 0.0, el, capitalAtRisk, 0.0), taxRate: 0.0);
        ret.Should().BeApproximately(3_000.0, 1e-9);
        RiskAdjustedReturn.Raroc(ret, capitalAtRisk)!.Value.Should().BeApproximately(0.111, PrintedPercentTolerance);
    }

    [Fact]
    public void Eva_SaundersAllenLoanExample_AgreesWithTheDecisionRule()
    {
        // Same source: "EVA = economic value added = Adjusted income - ROE x K. Invest if > 0" and "If cost of capital
        // < 11.1% then make loan": at a 10% hurdle EVA = 3,000 - 2,700 = 300 > 0; at 12%, 3,000 - 3,240 = -240 < 0.
        RiskAdjustedReturn.Eva(3_000.0, 27_000.0, 0.10).Should().BeApproximately(300.0, 1e-9);
        RiskAdjustedReturn.Eva(3_000.0, 27_000.0, 0.12).Should().BeApproximately(-240.0, 1e-9);
    }

    [Fact]
    public void Raroc_AfterTaxQuestion_IsHandComputedValue()
    {
        // Tax treatment, checked on a GARP FRM Part II practice question (reproduced at
        // https://www.leetquiz.com/quiz/cmigsnxxe002001jt25ag1nkh/see): loan JPY 4.2bn funded by deposits at 0.4%, loan
        // rate 3.2%, EL 2.0%, operating costs 0.5%, economic capital 10.0% of the loan, return on EC 1.4%, tax 38%;
        // options A 0.27%, B 2.73%, C 4.40%, D 10.73%. By hand: (3.2 - 0.4 - 0.5 - 2.0 + 1.4 x 10%) x (1 - 0.38) / 10
        // = 0.44 x 0.62 / 10 = 2.728% (option B).
        const double ead = 4.2e9;
        double ec = 0.10 * ead;
        double revenue = RiskAdjustedReturn.Revenue(ead, 0.032, 0.004, 0.0);
        double preTax = RiskAdjustedReturn.PreTaxReturn(revenue, 0.005 * ead, 0.02 * ead, ec, capitalRate: 0.014);
        double ret = RiskAdjustedReturn.AfterTax(preTax, 0.38);
        RiskAdjustedReturn.Raroc(ret, ec)!.Value.Should().BeApproximately(0.02728, 1e-12);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Closed forms and invariants.
    // ---------------------------------------------------------------------------------------------------------------
    [Theory]
    [InlineData(1_000.0, 0.25, 750.0)]
    [InlineData(-1_000.0, 0.25, -750.0)] // a loss earns a tax credit (linear tax)
    [InlineData(1_000.0, 0.0, 1_000.0)]
    [InlineData(0.0, 0.3, 0.0)]
    public void AfterTax_IsPreTaxTimesOneMinusTax(double preTax, double tax, double expected)
    {
        RiskAdjustedReturn.AfterTax(preTax, tax).Should().BeApproximately(expected, ExactTolerance);
    }

    [Fact]
    public void Revenue_IsEadTimesMarginPlusFees()
    {
        RiskAdjustedReturn.Revenue(1_000_000.0, 0.06, 0.035, 2_000.0).Should().BeApproximately(27_000.0, 1e-9);
        RiskAdjustedReturn.Revenue(1_000_000.0, 0.03, 0.035, 0.0).Should().BeApproximately(-5_000.0, 1e-9); // negative margin
    }

    [Fact]
    public void RarocAboveHurdle_IffEvaPositive()
    {
        var rng = new Random(2026);
        for (int i = 0; i < 20_000; i++)
        {
            double ec = rng.NextDouble() * 1e6;
            if (ec == 0.0)
            {
                continue;
            }

            double ret = (rng.NextDouble() - 0.3) * 2e5;
            double hurdle = rng.NextDouble() * 0.3;
            double raroc = RiskAdjustedReturn.Raroc(ret, ec)!.Value;
            double eva = RiskAdjustedReturn.Eva(ret, ec, hurdle);
            (raroc > hurdle).Should().Be(eva > 0.0, $"return {ret}, EC {ec}, hurdle {hurdle}");
            eva.Should().BeApproximately(ec * (raroc - hurdle), 1e-9 * (Math.Abs(ret) + ec));
        }
    }

    [Fact]
    public void Raroc_ZeroCapital_IsNull()
    {
        RiskAdjustedReturn.Raroc(100.0, 0.0).Should().BeNull();
        RiskAdjustedReturn.Raroc(-100.0, 0.0).Should().BeNull();
        RiskAdjustedReturn.Raroc(0.0, 0.0).Should().BeNull();
        RiskAdjustedReturn.Eva(100.0, 0.0, 0.12).Should().Be(100.0);
    }

    [Fact]
    public void Raroc_SpanWithZeroCapital_WritesNaNAndCountsIt()
    {
        double[] ret = [10.0, 5.0, -3.0, 0.0];
        double[] ec = [100.0, 0.0, 30.0, 0.0];
        var dest = new double[4];
        RiskAdjustedReturn.Raroc(ret, ec, dest).Should().Be(2);
        dest[0].Should().BeApproximately(0.1, ExactTolerance);
        double.IsNaN(dest[1]).Should().BeTrue();
        dest[2].Should().BeApproximately(-0.1, ExactTolerance);
        double.IsNaN(dest[3]).Should().BeTrue();
    }

    [Fact]
    public void ProfitabilityParameters_Defaults_MatchTheIssue()
    {
        var p = ProfitabilityParameters.Default;
        p.Hurdle.Should().Be(0.12);
        p.TaxRate.Should().Be(0.25);
        p.CapitalRate.Should().Be(0.03);
    }

    [Fact]
    public void ProfitabilityParameters_OutOfRange_Throws()
    {
        ((Action)(() => _ = new ProfitabilityParameters { TaxRate = 1.0 })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new ProfitabilityParameters { TaxRate = -0.1 })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new ProfitabilityParameters { Hurdle = double.NaN })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new ProfitabilityParameters { Hurdle = 11.0 })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new ProfitabilityParameters { CapitalRate = double.PositiveInfinity })).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Arguments_NonFiniteOrOutOfRange_Throw()
    {
        ((Action)(() => RiskAdjustedReturn.Revenue(double.NaN, 0.05, 0.03, 0.0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("drawn");
        ((Action)(() => RiskAdjustedReturn.Revenue(1.0, double.PositiveInfinity, 0.03, 0.0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("rate");
        ((Action)(() => RiskAdjustedReturn.PreTaxReturn(1.0, double.NaN, 0.0, 0.0, 0.03))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("opex");
        ((Action)(() => RiskAdjustedReturn.AfterTax(1.0, 1.0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("taxRate");
        ((Action)(() => RiskAdjustedReturn.AfterTax(double.NegativeInfinity, 0.25))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("preTaxReturn");
        ((Action)(() => RiskAdjustedReturn.Raroc(1.0, -1.0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("economicCapital");
        ((Action)(() => RiskAdjustedReturn.Raroc(double.NaN, 1.0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("riskAdjustedReturn");
        ((Action)(() => RiskAdjustedReturn.Eva(1.0, double.PositiveInfinity, 0.12))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("economicCapital");
        ((Action)(() => RiskAdjustedReturn.Eva(1.0, 1.0, double.NaN))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("hurdle");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Span kernels.
    // ---------------------------------------------------------------------------------------------------------------
    [Fact]
    public void SpanKernels_EqualScalarElementWise()
    {
        const int n = 1_000;
        var rng = new Random(44);
        double[] ead = new double[n], rate = new double[n], ftp = new double[n], fees = new double[n], ret = new double[n], ec = new double[n];
        for (int i = 0; i < n; i++)
        {
            ead[i] = 1e6 * rng.NextDouble();
            rate[i] = 0.1 * rng.NextDouble();
            ftp[i] = 0.05 * rng.NextDouble();
            fees[i] = 1e3 * rng.NextDouble();
            ret[i] = (rng.NextDouble() - 0.3) * 1e4;
            ec[i] = i % 10 == 0 ? 0.0 : 1e5 * rng.NextDouble();
        }

        double[] revenue = new double[n], raroc = new double[n], eva = new double[n];
        RiskAdjustedReturn.Revenue(ead, rate, ftp, fees, revenue);
        int undefined = RiskAdjustedReturn.Raroc(ret, ec, raroc);
        RiskAdjustedReturn.Eva(ret, ec, 0.11, eva);
        undefined.Should().Be(n / 10);
        for (int i = 0; i < n; i++)
        {
            revenue[i].Should().Be(RiskAdjustedReturn.Revenue(ead[i], rate[i], ftp[i], fees[i]));
            raroc[i].Should().Be(RiskAdjustedReturn.Raroc(ret[i], ec[i]) ?? double.NaN);
            eva[i].Should().Be(RiskAdjustedReturn.Eva(ret[i], ec[i], 0.11));
        }
    }

    [Fact]
    public void SpanKernels_LengthMismatch_Throws()
    {
        double[] three = [1.0, 2.0, 3.0];
        double[] two = [1.0, 2.0];
        var dest = new double[3];
        ((Action)(() => RiskAdjustedReturn.Revenue(three, three, two, three, dest))).Should().Throw<ArgumentException>();
        ((Action)(() => RiskAdjustedReturn.Revenue(three, three, three, two, dest))).Should().Throw<ArgumentException>();
        ((Action)(() => RiskAdjustedReturn.Raroc(three, two, dest))).Should().Throw<ArgumentException>();
        ((Action)(() => RiskAdjustedReturn.Eva(three, two, 0.12, dest))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SpanKernels_ShortDestination_Throws()
    {
        double[] three = [1.0, 2.0, 3.0];
        var dest = new double[2];
        ((Action)(() => RiskAdjustedReturn.Revenue(three, three, three, three, dest))).Should().Throw<ArgumentException>();
        ((Action)(() => RiskAdjustedReturn.Raroc(three, three, dest))).Should().Throw<ArgumentException>();
        ((Action)(() => RiskAdjustedReturn.Eva(three, three, 0.12, dest))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SpanKernels_PartialOverlap_Throws()
    {
        var buffer = new double[] { 1.0, 2.0, 3.0, 4.0 };
        double[] ec = [10.0, 20.0, 30.0];
        ((Action)(() => RiskAdjustedReturn.Eva(buffer.AsSpan(0, 3), ec, 0.12, buffer.AsSpan(1, 3)))).Should().Throw<ArgumentException>();
        ((Action)(() => RiskAdjustedReturn.Raroc(buffer.AsSpan(1, 3), ec, buffer.AsSpan(0, 3)))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SpanKernels_DestinationAliasingAnInput_IsAllowed()
    {
        double[] ret = [10.0, -20.0, 30.0];
        double[] ec = [100.0, 100.0, 100.0];
        RiskAdjustedReturn.Eva(ret, ec, 0.12, ret);
        ret.Should().Equal(-2.0, -32.0, 18.0);
    }

    [Fact]
    public void SpanKernels_NonFiniteElement_Throws()
    {
        double[] ok = [1.0, 2.0, 3.0];
        double[] bad = [1.0, double.NaN, 3.0];
        var dest = new double[3];
        ((Action)(() => RiskAdjustedReturn.Revenue(ok, bad, ok, ok, dest))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => RiskAdjustedReturn.Raroc(ok, [1.0, -1.0, 1.0], dest))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => RiskAdjustedReturn.Eva(bad, ok, 0.12, dest))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
