using System.Globalization;
using System.Text.Json;
using ValueCore.Capital;
using ValueCore.Portfolio;
using ValueCore.Scenarios;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Capital;

/// <summary>Issue 15 items 1, 5 and 7: K near the maturity-adjustment pole, RWA vs EC bases, defaulted loans without BEEL.</summary>
public class IrbCapitalBasesTests
{
    // Annex 5 weights are printed to two decimals of a percent: half a unit of the last digit (as in IrbFormulaTests).
    private const double TablePointTolerance = 0.005;

    // Relative tolerance between two evaluations of the same closed form in double (a few ulps of each operand).
    private const double RelativeTolerance = 1e-14;

    private static readonly AssetClass[] s_allClasses = Enum.GetValues<AssetClass>();

    // Sales: none, the smallest firm-size value (largest reduction of R, para 273) and a middle one.
    private static readonly double[] s_sales = [IrbFormula.NoSales, 5.0, 30.0];

    private static readonly double[] s_confidences = [IrbFormula.MinimumConfidence, 0.99, 0.999, 0.9995, 0.9999, IrbFormula.MaximumConfidence];

    /// <summary>PDs on (0, 1%]: the smallest doubles, then 4,001 log-spaced points from 1e-12 to 1e-2 (ratio 1.0058).</summary>
    private static double[] PdGrid()
    {
        var grid = new List<double> { double.Epsilon, 1e-300, 1e-100, 1e-30 };
        for (int i = 0; i <= 4000; i++)
        {
            grid.Add(Math.Pow(10.0, -12.0 + (10.0 * i / 4000.0)));
        }

        grid.Add(0.01);
        return [.. grid];
    }

    [Fact]
    public void CapitalRequirement_PdGridEveryClassMaturityConfidence_IsNonNegativeFiniteAndNonDecreasing()
    {
        // Rule (issue 15 item 1): K >= 0, finite and non-decreasing in PD over (0, 1%] for every class and maturity,
        // with no regulatory floor (--pd-floor 0), at every accepted confidence.
        var grid = PdGrid();
        int checkedPoints = 0;
        foreach (double q in s_confidences)
        {
            var options = new IrbOptions { PdFloor = 0.0, Confidence = q };
            foreach (var assetClass in s_allClasses)
            {
                foreach (double m in new[] { 1.0, 2.5, 5.0 })
                {
                    foreach (double sales in s_sales)
                    {
                        double previous = 0.0;
                        foreach (double pd in grid)
                        {
                            double k = IrbFormula.CapitalRequirement(assetClass, pd, 1.0, m, sales, options);
                            double ma = IrbFormula.MaturityAdjustment(assetClass, pd, m);
                            if (!(k >= 0.0 && double.IsFinite(k) && k >= previous && ma >= 1.0 && double.IsFinite(ma)))
                            {
                                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                                    $"{assetClass} M {m} sales {sales} q {q} PD {pd:R}: K {k:R} (previous {previous:R}), MA {ma:R}"));
                            }

                            previous = k;
                            checkedPoints++;
                        }
                    }
                }
            }
        }

        checkedPoints.Should().Be(s_confidences.Length * s_allClasses.Length * 3 * s_sales.Length * grid.Length);
    }

    [Theory]
    [InlineData(3e-6)]
    [InlineData(2.9e-6)]
    public void CapitalRequirement_SovereignBelowTechnicalFloor_IsKAtTheFloorAndBelowKAt1bp(double pd)
    {
        // Issue 15: PD 3e-6 gave MA = 304 and K = 3.7%, PD 2.9e-6 a negative K (-9.4%). Sovereigns have no regulatory
        // floor (Basel II para 285), so the technical floor applies: K equals K at 0.002% (invariant) and stays below
        // K at PD 1e-4 (monotonicity).
        double k = IrbFormula.CapitalRequirement(AssetClass.Sovereign, pd, 0.45, 2.5, IrbFormula.NoSales, null);
        double atFloor = IrbFormula.CapitalRequirement(AssetClass.Sovereign, IrbFormula.TechnicalPdFloor, 0.45, 2.5, IrbFormula.NoSales, null);
        double at1bp = IrbFormula.CapitalRequirement(AssetClass.Sovereign, 1e-4, 0.45, 2.5, IrbFormula.NoSales, null);
        k.Should().Be(atFloor);
        k.Should().BePositive().And.BeLessThan(at1bp);
        // Closed form at the floor, M = 2.5: MA = 1 / (1 - 1.5 b), b = (0.11852 - 0.05478 ln 0.00002)^2 = 0.50597, MA = 4.1454.
        double b = Math.Pow(0.11852 - (0.05478 * Math.Log(0.00002)), 2);
        IrbFormula.MaturityAdjustment(AssetClass.Sovereign, pd, 2.5).Should().BeApproximately(1.0 / (1.0 - (1.5 * b)), 4.2 * RelativeTolerance);
    }

    [Fact]
    public void CapitalRequirement_RawFormulaWithNegativeConditionalExcess_Throws()
    {
        // With R = 0.9 and q = 0.9 the conditional default rate at PD 1% is below PD (sqrt(R) G(q) = 1.216 <
        // (1 - sqrt(1 - R)) |G(PD)| = 1.59), so K would be negative: the formula does not apply.
        var act = () => IrbFormula.CapitalRequirement(0.01, 0.45, 0.9, 1.0, 0.9);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*conditional default rate*");
    }

    [Theory]
    [InlineData(0.8999)]
    [InlineData(0.9999991)]
    public void IrbOptions_ConfidenceOutsideNarrowedRange_Throws(double confidence)
    {
        var act = () => new IrbOptions { Confidence = confidence };
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Confidence*");
    }

    [Fact]
    public void Run_SovereignsBelowTechnicalFloor_AreLiftedAndCounted()
    {
        var b = new LoanBookBuilder();
        b.Add(new Loan { LoanId = "G1", Segment = "g", AssetClass = AssetClass.Sovereign, Ead = 1e6, Pd = 3e-6, Lgd = 0.45, MaturityYears = 2.5, Rate = 0.03, FtpRate = 0.02 });
        b.Add(new Loan { LoanId = "G2", Segment = "g", AssetClass = AssetClass.Sovereign, Ead = 1e6, Pd = 2.9e-6, Lgd = 0.45, MaturityYears = 2.5, Rate = 0.03, FtpRate = 0.02 });
        b.Add(new Loan { LoanId = "G3", Segment = "g", AssetClass = AssetClass.Sovereign, Ead = 1e6, Pd = 1e-4, Lgd = 0.45, MaturityYears = 2.5, Rate = 0.03, FtpRate = 0.02 });
        b.Add(new Loan { LoanId = "M1", Segment = "g", AssetClass = AssetClass.RetailMortgage, Ead = 1e6, Pd = 1e-9, Lgd = 0.45, Rate = 0.03, FtpRate = 0.02 });
        var book = b.Build();
        var basel2 = PortfolioValuation.Run(book);
        basel2.TechnicalPdFloorCount.Should().Be(2, "the mortgage is floored at 0.03% by the regime, the technical floor lifts G1 and G2");
        basel2.Pd[0].Should().Be(IrbFormula.TechnicalPdFloor);
        basel2.Pd[1].Should().Be(IrbFormula.TechnicalPdFloor);
        basel2.K[0].Should().BePositive().And.BeLessThan(basel2.K[2]);
        basel2.Rwa[1].Should().BePositive();

        var noFloor = PortfolioValuation.Run(book, new ValuationOptions { Irb = new IrbOptions { PdFloor = 0.0 } });
        noFloor.TechnicalPdFloorCount.Should().Be(3, "--pd-floor 0 leaves the mortgage's 1e-9 to the technical floor too");
        noFloor.K[3].Should().Be(IrbFormula.CapitalRequirement(AssetClass.RetailMortgage, IrbFormula.TechnicalPdFloor, 0.45, double.NaN, IrbFormula.NoSales, new IrbOptions { PdFloor = 0.0 }));
    }

    [Fact]
    public void ScenarioAnalysis_PdShockBelowTechnicalFloor_CountsLiftedLoansPerScenario()
    {
        // A sovereign at PD 1e-4 shocked x 0.01 lands at 1e-6, below the maturity-adjustment pole: the technical floor
        // lifts it (K stays positive, equal to K at 0.002%), and the scenario's outcome counts it; the baseline lifts none.
        var b = new LoanBookBuilder();
        b.Add(new Loan { LoanId = "G1", Segment = "g", AssetClass = AssetClass.Sovereign, Ead = 1e6, Pd = 1e-4, Lgd = 0.45, MaturityYears = 2.5, Rate = 0.03, FtpRate = 0.02 });
        b.Add(new Loan { LoanId = "C1", Segment = "c", AssetClass = AssetClass.Corporate, Ead = 1e6, Pd = 1e-2, Lgd = 0.45, MaturityYears = 2.5, Rate = 0.03, FtpRate = 0.02 });
        var book = b.Build();
        var rally = Scenario.Named("rally").Pd.Multiply(0.01).Build();
        var analysis = ScenarioAnalysis.Run(book, new ScenarioSet([rally]));
        analysis.Baseline.TechnicalPdFloorCount.Should().Be(0);
        analysis.Scenarios[0].TechnicalPdFloorCount.Should().Be(1);
        double ecAtFloor = 1e6 * IrbFormula.CapitalRequirement(AssetClass.Sovereign, IrbFormula.TechnicalPdFloor, 0.45, 2.5, IrbFormula.NoSales, null);
        analysis.Compare().Get("rally", "ec", "g").Value.Should().BeApproximately(ecAtFloor, ecAtFloor * RelativeTolerance);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Item 5. Source: BCBS, "International Convergence of Capital Measurement and Capital Standards" (June 2006),
    // Annex 5 "Illustrative IRB risk weights" (LGD 45%, M = 2.5, printed without the 1.06 of para 44; see
    // IrbFormulaTests for the check of that reading). Regulatory RWA per unit of EAD under Basel II = 1.06 x printed RW
    // (para 44: the scaling factor applies to the IRB risk-weighted asset amounts); under Basel III = printed RW.
    // -----------------------------------------------------------------------------------------------------------------
    [Theory]
    [InlineData(0.03, 14.44, 4.15, 0.98)]
    [InlineData(1.00, 92.32, 56.40, 17.22)]
    [InlineData(2.50, 122.16, 100.64, 33.98)]
    public void Run_RwaBasel2_IsAnnex5RiskWeightTimes106AtAnyEconomicConfidence(double pdPercent, double corporate, double mortgage, double qrr)
    {
        var b = new LoanBookBuilder();
        b.Add(new Loan { LoanId = "C", Segment = "s", AssetClass = AssetClass.Corporate, Ead = 100, Pd = pdPercent / 100, Lgd = 0.45, MaturityYears = 2.5, Rate = 0.05, FtpRate = 0.02 });
        b.Add(new Loan { LoanId = "M", Segment = "s", AssetClass = AssetClass.RetailMortgage, Ead = 100, Pd = pdPercent / 100, Lgd = 0.45, Rate = 0.05, FtpRate = 0.02 });
        b.Add(new Loan { LoanId = "Q", Segment = "s", AssetClass = AssetClass.RetailRevolving, Ead = 100, Pd = pdPercent / 100, Lgd = 0.45, Rate = 0.05, FtpRate = 0.02 });
        var book = b.Build();
        double[] printed = [corporate, mortgage, qrr];
        foreach (double q in new[] { 0.999, 0.9995, 0.99 })
        {
            var basel2 = PortfolioValuation.Run(book, new ValuationOptions { Irb = new IrbOptions { Confidence = q } });
            var basel3 = PortfolioValuation.Run(book, new ValuationOptions { Irb = new IrbOptions { Confidence = q, Regime = CapitalRegime.Basel3, PdFloor = 0.0003 } });
            for (int i = 0; i < 3; i++)
            {
                // EAD 100, so RWA is the risk weight in percent.
                basel2.Rwa[i].Should().BeApproximately(1.06 * printed[i], 1.06 * TablePointTolerance, $"{book.LoanId[i]} q {q}");
                // Basel III floors the A-IRB LGD of QRRE at 50% (CRE32.34): the printed 45% weight scales by 50/45 (K is
                // linear in LGD); corporates (floor 25%) and mortgages (5%) keep their 45%.
                double lgdScale = book.AssetClass[i] == AssetClass.RetailRevolving ? 0.50 / 0.45 : 1.0;
                basel3.Rwa[i].Should().BeApproximately(printed[i] * lgdScale, TablePointTolerance * lgdScale, $"{book.LoanId[i]} q {q}");

                // EC is on the economic basis: K at q without 1.06, the same under both regimes.
                basel2.Ec[i].Should().Be(basel3.Ec[i]);
                basel2.Ec[i].Should().Be(100 * IrbFormula.CapitalRequirement(book.AssetClass[i], book.Pd[i], 0.45, 2.5, IrbFormula.NoSales, new IrbOptions { Confidence = q }));
            }
        }
    }

    [Fact]
    public void Run_DefaultedLoanBasel2_RwaIs125Times106TimesLgdLessBeel()
    {
        // Basel II para 272 (defaulted: K = max(0, LGD - BEEL), RWA = K x 12.5 x EAD) and para 44 (x 1.06):
        // LGD 60%, BEEL 45%, EAD 20,000: RWA = 0.15 x 12.5 x 1.06 x 20,000 = 39,750; EC = 0.15 x 20,000 = 3,000.
        var b = new LoanBookBuilder();
        b.Add(new Loan { LoanId = "D", Segment = "s", AssetClass = AssetClass.RetailOther, Ead = 20_000, Pd = 1.0, Lgd = 0.60, Beel = 0.45, Rate = 0.05, FtpRate = 0.03 });
        var book = b.Build();
        var basel2 = PortfolioValuation.Run(book, new ValuationOptions { Irb = new IrbOptions { Confidence = 0.9995 } });
        basel2.Rwa[0].Should().BeApproximately(39_750, 39_750 * RelativeTolerance);
        basel2.Ec[0].Should().BeApproximately(3_000, 3_000 * RelativeTolerance);
        var basel3 = PortfolioValuation.Run(book, new ValuationOptions { Irb = new IrbOptions { Regime = CapitalRegime.Basel3 } });
        basel3.Rwa[0].Should().BeApproximately(37_500, 37_500 * RelativeTolerance);
    }

    [Fact]
    public void RegulatoryCapitalRequirement_IgnoresEconomicConfidenceAndScalesByRegime()
    {
        foreach (var assetClass in s_allClasses)
        {
            double k999 = IrbFormula.CapitalRequirement(assetClass, 0.01, 0.45, 2.5, 20.0, null);
            IrbFormula.RegulatoryCapitalRequirement(assetClass, 0.01, 0.45, 2.5, 20.0, new IrbOptions { Confidence = 0.9999 })
                .Should().BeApproximately(1.06 * k999, 1.06 * k999 * RelativeTolerance, assetClass.ToString());
            IrbFormula.RegulatoryCapitalRequirement(assetClass, 0.01, 0.45, 2.5, 20.0, new IrbOptions { Confidence = 0.99, Regime = CapitalRegime.Basel3 })
                .Should().Be(IrbFormula.CapitalRequirement(assetClass, 0.01, 0.45, 2.5, 20.0, new IrbOptions { Regime = CapitalRegime.Basel3 }));
        }

        IrbFormula.RegulatoryScalingFactor(CapitalRegime.Basel2).Should().Be(1.06);
        IrbFormula.RegulatoryScalingFactor(CapitalRegime.Basel3).Should().Be(1.0);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // The CLI: bases and counts in the summary and manifest; the refused scaling-factor switch.
    // -----------------------------------------------------------------------------------------------------------------
    private const string Header = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity";

    [Fact]
    public void Raroc_DefaultedWithoutBeelAndSovereignBelowFloor_CountedInSummaryAndManifest()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Header + ",beel\n"
            + "D1,r,retail_other,1000,1,0.5,0.05,0.03,,0.3\n"
            + "D2,r,retail_other,1000,1,0.5,0.05,0.03,,\n"
            + "D3,c,corporate,1000,1,0.5,0.05,0.03,2,\n"
            + "G1,g,sovereign,1000,0.000003,0.45,0.05,0.03,2.5,\n"
            + "G2,g,sovereign,1000,0.0001,0.45,0.05,0.03,2.5,\n");
        var (code, output, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        output.Should().Contain("defaulted loans without beel (BEEL = LGD, so K = 0): 2");
        output.Should().Contain("technical floor 2E-05 lifted: 1");
        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.Combine("out", "manifest.json")));
        var rows = manifest.RootElement.GetProperty("rows");
        rows.GetProperty("defaulted_without_beel").GetInt64().Should().Be(2);
        rows.GetProperty("technical_pd_floor").GetInt64().Should().Be(1);
        var bases = manifest.RootElement.GetProperty("parameters").GetProperty("capital_bases");
        bases.GetProperty("rwa").GetProperty("scaling_factor").GetDouble().Should().Be(1.06);
        bases.GetProperty("rwa").GetProperty("confidence").GetDouble().Should().Be(0.999);
        bases.GetProperty("rwa").GetProperty("regime").GetString().Should().Be("basel2");
        bases.GetProperty("ec").GetProperty("scaling_factor").GetDouble().Should().Be(1.0);
        bases.GetProperty("ec").GetProperty("basis").GetString().Should().Be("economic");
        var g1 = File.ReadAllLines(tmp.Combine("out", "loans.csv")).Single(l => l.StartsWith("G1,", StringComparison.Ordinal)).Split(',');
        double.Parse(g1[4], CultureInfo.InvariantCulture).Should().Be(IrbFormula.TechnicalPdFloor, "loans.csv shows the PD used");
    }

    [Fact]
    public void Raroc_BookWithoutBeelColumn_CountsEveryDefaultedLoan()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Header + "\n"
            + "D1,r,retail_other,1000,1,0.5,0.05,0.03,\n"
            + "D2,c,corporate,1000,1,0.5,0.05,0.03,2\n"
            + "P1,c,corporate,1000,0.01,0.5,0.05,0.03,2\n");
        var (code, output, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        output.Should().Contain("defaulted loans without beel (BEEL = LGD, so K = 0): 2");
        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.Combine("out", "manifest.json")));
        manifest.RootElement.GetProperty("rows").GetProperty("defaulted_without_beel").GetInt64().Should().Be(2);
        manifest.RootElement.GetProperty("rows").GetProperty("technical_pd_floor").GetInt64().Should().Be(0);
    }

    [Fact]
    public void Price_SovereignBelowTechnicalFloor_SaysThePdWasLifted()
    {
        using var tmp = new TempFolder();
        var (code, output, error) = CliRunner.Run("price", "--ead", "100", "--pd", "0.000003", "--lgd", "0.45", "--asset-class", "sovereign",
            "--maturity", "2.5", "--ftp-rate", "0.02", "--target-raroc", "0.15", "--out", tmp.Combine("p"));
        code.Should().Be(0, error);
        output.Should().Contain("PD 3E-06 lifted to the technical PD floor 2E-05");
    }

    [Fact]
    public void Raroc_ScalingFactorOption_IsUsageErrorNamingTheRule()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Header + "\nP1,c,corporate,1000,0.01,0.5,0.05,0.03,2\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"), "--scaling-factor");
        code.Should().Be(2);
        error.Should().Contain("never carries the Basel II scaling factor 1.06");
    }

    [Fact]
    public void Raroc_ParamsScalingFactor_IsRejectedNamingTheLine()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Header + "\nP1,c,corporate,1000,0.01,0.5,0.05,0.03,2\n");
        var parameters = tmp.File("params.json", "{\n  \"hurdle\": 0.1,\n  \"scaling_factor\": true\n}\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"), "--params", parameters);
        code.Should().NotBe(0);
        error.Should().Contain("params.json:3").And.Contain("scaling_factor").And.Contain("no longer a parameter");
    }
}
