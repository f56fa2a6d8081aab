using ValueCore.Capital;

namespace ValueCore.Tests.Capital;

public class IrbFormulaTests
{
    // The published risk-weight tables print RW in percent rounded to 2 dp. Recomputing them to full precision shows
    // they are not always rounded to nearest (Basel II Annex 5, SME PD 0.05%: 15.3958% is printed 15.39%; mortgage
    // LGD 25% PD 0.03%: 2.3051% is printed 2.30%; the largest gap over every cell checked here is 0.0059 pp), so the
    // tolerance is 0.01 percentage points, as the issue says.
    private const double TablePointTolerance = 0.01;

    // Reference values computed with mpmath at 50 significant digits (python3, mp.dps = 50) from the formula text of
    // Basel II paras 272-273 and 328-330; the normal CDF and inverse are the exact ones, so the double implementation
    // must agree to near machine precision. The issue asks for 1e-9 relative; we hold 1e-12.
    private const double RelativeTolerance = 1e-12;
    private const double AbsoluteTolerance = 1e-15;

    private const double AnnexMaturityYears = 2.5;

    // ---------------------------------------------------------------------------------------------------------------
    // Basel II Annex 5, "Illustrative IRB Risk Weights for UL".
    // Source: BCBS, "International Convergence of Capital Measurement and Capital Standards - A Revised Framework,
    // Comprehensive Version" (June 2006), Annex 5, paras 1-2 and its table (read from the copy of the framework at
    // http://www.asksam.com/ebooks/releases.asp?file=Basel_II.ask&dn=Annex%205 ; the same annex is reproduced at
    // http://www.bankersacademy.com/regulations/basel2-annex5.php). Effective maturity 2.5 years for corporates.
    // Columns, in table order:
    //   1 corporate, LGD 45%, turnover EUR 50m (no firm-size adjustment)
    //   2 corporate (SME), LGD 45%, turnover EUR 5m (firm-size adjustment -0.04)
    //   3 residential mortgages, LGD 45%        4 residential mortgages, LGD 25%
    //   5 other retail, LGD 45%                 6 other retail, LGD 85%
    //   7 qualifying revolving retail, LGD 45%  8 qualifying revolving retail, LGD 85%
    // (The brief named QRR LGD 50% and 85%: the Basel II table uses 45% and 85%; 50%/85% are the CRE99 columns below.)
    //
    // Scaling factor: the printed weights are RW = 12.5 x K x 100% WITHOUT the 1.06 scaling factor of para 44.
    // Checked by recomputation: with 1.06 every cell comes out 6% high (corporate PD 0.03%: 15.31% against the printed
    // 14.44%; PD 1%: 97.86% against 92.32%), without it every cell matches within 0.006 pp. So these tests use the
    // default IrbOptions (economic capital carries no 1.06); RegulatoryCapitalRequirement_... below checks the
    // regulatory basis (x 1.06 under Basel II) separately.
    //
    // PD floor: the smallest row is PD 0.03%, which equals the Basel II floor (para 285 / 331), so the floor does not
    // change any printed value; PD floor tests below check that a PD under the floor gives the 0.03% row.
    // Rows 0.03% to 2.50% are complete; of the 3.00% row the source excerpt gave the first four columns only.
    // ---------------------------------------------------------------------------------------------------------------
    [Theory]
    [InlineData(0.03, 14.44, 11.30, 4.15, 2.30, 4.45, 8.41, 0.98, 1.85)]
    [InlineData(0.05, 19.65, 15.39, 6.23, 3.46, 6.63, 12.52, 1.51, 2.86)]
    [InlineData(0.10, 29.65, 23.30, 10.69, 5.94, 11.16, 21.08, 2.71, 5.12)]
    [InlineData(0.25, 49.47, 39.01, 21.30, 11.83, 21.15, 39.96, 5.76, 10.88)]
    [InlineData(0.40, 62.72, 49.49, 29.94, 16.64, 28.42, 53.69, 8.41, 15.88)]
    [InlineData(0.50, 69.61, 54.91, 35.08, 19.49, 32.36, 61.13, 10.04, 18.97)]
    [InlineData(0.75, 82.78, 65.14, 46.46, 25.81, 40.10, 75.74, 13.80, 26.06)]
    [InlineData(1.00, 92.32, 72.40, 56.40, 31.33, 45.77, 86.46, 17.22, 32.53)]
    [InlineData(1.30, 100.95, 78.77, 67.00, 37.22, 50.80, 95.95, 21.02, 39.70)]
    [InlineData(1.50, 105.59, 82.11, 73.45, 40.80, 53.37, 100.81, 23.40, 44.19)]
    [InlineData(2.00, 114.86, 88.55, 87.94, 48.85, 57.99, 109.53, 28.92, 54.63)]
    [InlineData(2.50, 122.16, 93.43, 100.64, 55.91, 60.90, 115.03, 33.98, 64.18)]
    public void CapitalRequirement_Basel2Annex5Table_MatchesPublishedRiskWeights(double pdPercent,
        double corporate, double sme, double mortgage45, double mortgage25, double other45, double other85, double qrr45, double qrr85)
    {
        double pd = pdPercent / 100.0;
        var options = IrbOptions.Default;
        RiskWeightPercent(AssetClass.Corporate, pd, 0.45, 50.0, options).Should().BeApproximately(corporate, TablePointTolerance, "corporate, turnover 50");
        RiskWeightPercent(AssetClass.Sme, pd, 0.45, 5.0, options).Should().BeApproximately(sme, TablePointTolerance, "corporate, turnover 5");
        RiskWeightPercent(AssetClass.RetailMortgage, pd, 0.45, IrbFormula.NoSales, options).Should().BeApproximately(mortgage45, TablePointTolerance, "mortgage LGD 45%");
        RiskWeightPercent(AssetClass.RetailMortgage, pd, 0.25, IrbFormula.NoSales, options).Should().BeApproximately(mortgage25, TablePointTolerance, "mortgage LGD 25%");
        RiskWeightPercent(AssetClass.RetailOther, pd, 0.45, IrbFormula.NoSales, options).Should().BeApproximately(other45, TablePointTolerance, "other retail LGD 45%");
        RiskWeightPercent(AssetClass.RetailOther, pd, 0.85, IrbFormula.NoSales, options).Should().BeApproximately(other85, TablePointTolerance, "other retail LGD 85%");
        RiskWeightPercent(AssetClass.RetailRevolving, pd, 0.45, IrbFormula.NoSales, options).Should().BeApproximately(qrr45, TablePointTolerance, "QRR LGD 45%");
        RiskWeightPercent(AssetClass.RetailRevolving, pd, 0.85, IrbFormula.NoSales, options).Should().BeApproximately(qrr85, TablePointTolerance, "QRR LGD 85%");
    }

    [Fact]
    public void CapitalRequirement_Basel2Annex5Row3Percent_MatchesPublishedRiskWeights()
    {
        // Basel II Annex 5 table, PD 3.00% row, first four columns (source as above).
        RiskWeightPercent(AssetClass.Corporate, 0.03, 0.45, 50.0, null).Should().BeApproximately(128.44, TablePointTolerance);
        RiskWeightPercent(AssetClass.Sme, 0.03, 0.45, 5.0, null).Should().BeApproximately(97.58, TablePointTolerance);
        RiskWeightPercent(AssetClass.RetailMortgage, 0.03, 0.45, IrbFormula.NoSales, null).Should().BeApproximately(111.99, TablePointTolerance);
        RiskWeightPercent(AssetClass.RetailMortgage, 0.03, 0.25, IrbFormula.NoSales, null).Should().BeApproximately(62.22, TablePointTolerance);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Basel III, CRE99.2-99.3 Table 1 "Illustrative IRB risk weights for UL" (BCBS consolidated framework, version
    // effective 1 January 2023). Read from the Saudi Central Bank rulebook, which reproduces CRE99 Table 1 as its
    // section 26 Table 1 (https://rulebook.sama.gov.sa/en/node/4220/revisions/97103/view). Columns: corporate LGD 40%
    // turnover 50 and 5, maturity 2.5 years; mortgages 45%, 25%; other retail 45%, 85%; QRR 50%, 85%. As in Basel II
    // the weights are 12.5 x K without the 1.06 factor (corporate PD 0.05%: 17.47% = 19.65% x 40/45). The first row is
    // PD 0.05%, the Basel III floor; the QRR cells of that row are computed at PD 0.05% (the QRR transactor floor), not
    // at the 0.10% floor of QRR revolvers that CapitalRegime.Basel3 applies, so the QRR columns override the floor to
    // 0.05% here; CapitalRequirement_Basel3RevolvingFloor_... checks the 0.10% floor against the table's 0.10% row.
    // Rows 0.05% to 1.30% are those the source excerpt gave in full.
    // ---------------------------------------------------------------------------------------------------------------
    [Theory]
    [InlineData(0.05, 17.47, 13.69, 6.23, 3.46, 6.63, 12.52, 1.68, 2.86)]
    [InlineData(0.10, 26.36, 20.71, 10.69, 5.94, 11.16, 21.08, 3.01, 5.12)]
    [InlineData(0.25, 43.97, 34.68, 21.30, 11.83, 21.15, 39.96, 6.40, 10.88)]
    [InlineData(0.40, 55.75, 43.99, 29.94, 16.64, 28.42, 53.69, 9.34, 15.88)]
    [InlineData(0.50, 61.88, 48.81, 35.08, 19.49, 32.36, 61.13, 11.16, 18.97)]
    [InlineData(0.75, 73.58, 57.91, 46.46, 25.81, 40.10, 75.74, 15.33, 26.06)]
    [InlineData(1.00, 82.06, 64.35, 56.40, 31.33, 45.77, 86.46, 19.14, 32.53)]
    [InlineData(1.30, 89.73, 70.02, 67.00, 37.22, 50.80, 95.95, 23.35, 39.70)]
    public void CapitalRequirement_Basel3Cre99Table_MatchesPublishedRiskWeights(double pdPercent,
        double corporate, double sme, double mortgage45, double mortgage25, double other45, double other85, double qrr50, double qrr85)
    {
        double pd = pdPercent / 100.0;
        var basel3 = new IrbOptions { Regime = CapitalRegime.Basel3 };
        var transactorFloor = basel3 with { PdFloor = 0.0005 };
        RiskWeightPercent(AssetClass.Corporate, pd, 0.40, 50.0, basel3).Should().BeApproximately(corporate, TablePointTolerance, "corporate, turnover 50");
        RiskWeightPercent(AssetClass.Sme, pd, 0.40, 5.0, basel3).Should().BeApproximately(sme, TablePointTolerance, "corporate, turnover 5");
        RiskWeightPercent(AssetClass.RetailMortgage, pd, 0.45, IrbFormula.NoSales, basel3).Should().BeApproximately(mortgage45, TablePointTolerance, "mortgage LGD 45%");
        RiskWeightPercent(AssetClass.RetailMortgage, pd, 0.25, IrbFormula.NoSales, basel3).Should().BeApproximately(mortgage25, TablePointTolerance, "mortgage LGD 25%");
        RiskWeightPercent(AssetClass.RetailOther, pd, 0.45, IrbFormula.NoSales, basel3).Should().BeApproximately(other45, TablePointTolerance, "other retail LGD 45%");
        RiskWeightPercent(AssetClass.RetailOther, pd, 0.85, IrbFormula.NoSales, basel3).Should().BeApproximately(other85, TablePointTolerance, "other retail LGD 85%");
        RiskWeightPercent(AssetClass.RetailRevolving, pd, 0.50, IrbFormula.NoSales, transactorFloor).Should().BeApproximately(qrr50, TablePointTolerance, "QRR LGD 50%");
        RiskWeightPercent(AssetClass.RetailRevolving, pd, 0.85, IrbFormula.NoSales, transactorFloor).Should().BeApproximately(qrr85, TablePointTolerance, "QRR LGD 85%");
    }

    [Fact]
    public void CapitalRequirement_Basel3RevolvingFloor_GivesTheTable010PercentRow()
    {
        // Under CapitalRegime.Basel3 a QRR PD of 0.05% is floored at 0.10%: CRE99 Table 1 QRR PD 0.10% row (3.01%, 5.12%).
        var basel3 = new IrbOptions { Regime = CapitalRegime.Basel3 };
        RiskWeightPercent(AssetClass.RetailRevolving, 0.0005, 0.50, IrbFormula.NoSales, basel3).Should().BeApproximately(3.01, TablePointTolerance);
        RiskWeightPercent(AssetClass.RetailRevolving, 0.0005, 0.85, IrbFormula.NoSales, basel3).Should().BeApproximately(5.12, TablePointTolerance);
    }

    [Fact]
    public void CapitalRequirement_Basel2PdBelowFloor_GivesTheAnnex5FloorRow()
    {
        // PD 0.01% is floored at 0.03% (Basel II para 285 corporate, para 331 retail): the Annex 5 PD 0.03% row.
        RiskWeightPercent(AssetClass.Corporate, 0.0001, 0.45, 50.0, null).Should().BeApproximately(14.44, TablePointTolerance);
        RiskWeightPercent(AssetClass.Sme, 0.0001, 0.45, 5.0, null).Should().BeApproximately(11.30, TablePointTolerance);
        RiskWeightPercent(AssetClass.RetailMortgage, 0.0001, 0.25, IrbFormula.NoSales, null).Should().BeApproximately(2.30, TablePointTolerance);
        RiskWeightPercent(AssetClass.RetailRevolving, 0.0001, 0.85, IrbFormula.NoSales, null).Should().BeApproximately(1.85, TablePointTolerance);
    }

    [Fact]
    public void CapitalRequirement_SovereignBelowCorporateFloor_IsNotFloored()
    {
        // Sovereigns have no floor in either regime, so PD 0.01% gives less than the corporate 0.03% row (14.44%), while
        // at PD 0.03% the sovereign and corporate formulas coincide (no firm-size adjustment at turnover 50).
        RiskWeightPercent(AssetClass.Sovereign, 0.0003, 0.45, IrbFormula.NoSales, null).Should().BeApproximately(14.44, TablePointTolerance);
        double unfloored = IrbFormula.CapitalRequirement(AssetClass.Sovereign, 0.0001, 0.45, 2.5, IrbFormula.NoSales, null);
        double direct = IrbFormula.CapitalRequirement(0.0001, 0.45, IrbFormula.Correlation(AssetClass.Sovereign, 0.0001, IrbFormula.NoSales),
            IrbFormula.MaturityAdjustment(AssetClass.Sovereign, 0.0001, 2.5), 0.999);
        unfloored.Should().Be(direct);
        (unfloored * 1250.0).Should().BeLessThan(14.44 - 1.0);
        var basel3 = new IrbOptions { Regime = CapitalRegime.Basel3 };
        IrbFormula.CapitalRequirement(AssetClass.Sovereign, 0.0001, 0.45, 2.5, IrbFormula.NoSales, basel3).Should().Be(unfloored);
    }

    [Fact]
    public void CapitalRequirement_PdFloorOverride_AppliesToEveryClass()
    {
        var options = new IrbOptions { PdFloor = 0.01 };
        foreach (var assetClass in s_allClasses)
        {
            IrbFormula.CapitalRequirement(assetClass, 0.001, 0.45, 2.5, IrbFormula.NoSales, options)
                .Should().Be(IrbFormula.CapitalRequirement(assetClass, 0.01, 0.45, 2.5, IrbFormula.NoSales, null), assetClass.ToString());
        }
    }

    [Fact]
    public void RegulatoryCapitalRequirement_Basel2_IsAnnex5WeightTimes106()
    {
        // Anchored to Annex 5: corporate PD 1% prints 92.32% unscaled; the Basel II regulatory basis (para 44) is
        // 92.32 x 1.06 = 97.86%, while economic capital (CapitalRequirement) never carries the factor.
        double regulatory = 12.5 * IrbFormula.RegulatoryCapitalRequirement(AssetClass.Corporate, 0.01, 0.45, AnnexMaturityYears, 50.0, null) * 100.0;
        regulatory.Should().BeApproximately(92.32 * 1.06, 1.06 * TablePointTolerance);
        RiskWeightPercent(AssetClass.Corporate, 0.01, 0.45, 50.0, null).Should().BeApproximately(92.32, TablePointTolerance);
    }

    [Fact]
    public void RegulatoryCapitalRequirement_DefaultedExposureWithoutBeel_IsZero()
    {
        IrbFormula.RegulatoryCapitalRequirement(AssetClass.Corporate, 1.0, 0.45, 2.5, IrbFormula.NoSales, null).Should().Be(0.0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Closed forms and limit cases.
    // ---------------------------------------------------------------------------------------------------------------
    [Theory]
    [InlineData(AssetClass.Corporate, 0.0003, 0.23821343275236751938)]
    [InlineData(AssetClass.Corporate, 0.01, 0.19278367916551601083)]
    [InlineData(AssetClass.Bank, 0.01, 0.19278367916551601083)]
    [InlineData(AssetClass.Sovereign, 0.2, 0.12000544799157149818)]
    [InlineData(AssetClass.RetailOther, 0.0003, 0.15864214123382689878)]
    [InlineData(AssetClass.RetailOther, 0.05, 0.052590612648557798746)]
    [InlineData(AssetClass.RetailMortgage, 0.0003, 0.15)]
    [InlineData(AssetClass.RetailMortgage, 0.9, 0.15)]
    [InlineData(AssetClass.RetailRevolving, 0.0003, 0.04)]
    [InlineData(AssetClass.RetailRevolving, 0.9, 0.04)]
    public void Correlation_KnownPoints_MatchesClosedForm(AssetClass assetClass, double pd, double expected)
    {
        // Para 272 (corporate, sovereign, bank), 328 (mortgage 0.15), 329 (QRR 0.04), 330 (other retail); mpmath values.
        IrbFormula.Correlation(assetClass, pd, IrbFormula.NoSales).Should().BeApproximately(expected, expected * RelativeTolerance);
    }

    [Fact]
    public void Correlation_PdLimits_ReachTheBounds()
    {
        // Corporate R runs from 0.24 (PD -> 0) to 0.12 (PD = 1); other retail from 0.16 to 0.03 (paras 272, 330).
        IrbFormula.Correlation(AssetClass.Corporate, 1e-12, IrbFormula.NoSales).Should().BeApproximately(0.24, 1e-10);
        IrbFormula.Correlation(AssetClass.Corporate, 1.0, IrbFormula.NoSales).Should().BeApproximately(0.12, AbsoluteTolerance);
        IrbFormula.Correlation(AssetClass.RetailOther, 1e-12, IrbFormula.NoSales).Should().BeApproximately(0.16, 1e-10);
        IrbFormula.Correlation(AssetClass.RetailOther, 1.0, IrbFormula.NoSales).Should().BeApproximately(0.03, AbsoluteTolerance);
    }

    [Theory]
    [InlineData(5.0, -0.04)]
    [InlineData(2.0, -0.04)] // S below 5 is treated as 5 (para 273)
    [InlineData(0.0, -0.04)]
    [InlineData(27.5, -0.02)] // halfway: -0.04 x (1 - 22.5/45)
    [InlineData(50.0, 0.0)]
    [InlineData(500.0, 0.0)]
    public void Correlation_FirmSizeAdjustment_MatchesPara273(double salesEurMillions, double adjustment)
    {
        foreach (var assetClass in new[] { AssetClass.Corporate, AssetClass.Sme })
        {
            foreach (double pd in new[] { 0.0003, 0.01, 0.2 })
            {
                double r = IrbFormula.Correlation(assetClass, pd, salesEurMillions);
                double unadjusted = IrbFormula.Correlation(assetClass, pd, IrbFormula.NoSales);
                (r - unadjusted).Should().BeApproximately(adjustment, 1e-15, $"{assetClass} PD {pd} S {salesEurMillions}");
            }
        }
    }

    [Fact]
    public void Correlation_FirmSizeAdjustment_DoesNotApplyToBanksSovereignsOrRetail()
    {
        foreach (var assetClass in new[] { AssetClass.Bank, AssetClass.Sovereign, AssetClass.RetailMortgage, AssetClass.RetailRevolving, AssetClass.RetailOther })
        {
            IrbFormula.Correlation(assetClass, 0.01, 5.0).Should().Be(IrbFormula.Correlation(assetClass, 0.01, IrbFormula.NoSales), assetClass.ToString());
        }
    }

    [Theory]
    [InlineData(0.01, 2.5, 1.2598095009238282054)]
    [InlineData(0.01, 5.0, 1.6928253357968752145)]
    [InlineData(0.0003, 2.5, 1.9056752706384450242)]
    [InlineData(0.0003, 3.7, 2.6302154871492010436)]
    public void MaturityAdjustment_KnownPoints_MatchesClosedForm(double pd, double maturityYears, double expected)
    {
        // MA = (1 + (M - 2.5) b) / (1 - 1.5 b), b = (0.11852 - 0.05478 ln PD)^2 (para 272); mpmath values
        // (b(1%) = 0.13748613089693738462, b(0.03%) = 0.31683441720723069062).
        IrbFormula.MaturityAdjustment(AssetClass.Corporate, pd, maturityYears).Should().BeApproximately(expected, expected * RelativeTolerance);
    }

    [Theory]
    [InlineData(0.0003)]
    [InlineData(0.01)]
    [InlineData(0.2)]
    [InlineData(0.999)]
    public void MaturityAdjustment_AtOneYear_IsOneForAnyPd(double pd)
    {
        // At M = 1 the numerator 1 + (1 - 2.5) b equals the denominator 1 - 1.5 b.
        IrbFormula.MaturityAdjustment(AssetClass.Corporate, pd, 1.0).Should().BeApproximately(1.0, 1e-15);
        // At M = 2.5 it is 1 / (1 - 1.5 b).
        double b = Math.Pow(0.11852 - (0.05478 * Math.Log(pd)), 2);
        IrbFormula.MaturityAdjustment(AssetClass.Bank, pd, 2.5).Should().BeApproximately(1.0 / (1.0 - (1.5 * b)), 1e-14);
    }

    [Fact]
    public void MaturityAdjustment_OutsideOneToFiveYears_IsClipped()
    {
        IrbFormula.MaturityAdjustment(AssetClass.Corporate, 0.01, 0.25).Should().Be(IrbFormula.MaturityAdjustment(AssetClass.Corporate, 0.01, 1.0));
        IrbFormula.MaturityAdjustment(AssetClass.Corporate, 0.01, 30.0).Should().Be(IrbFormula.MaturityAdjustment(AssetClass.Corporate, 0.01, 5.0));
    }

    [Theory]
    [InlineData(AssetClass.RetailMortgage)]
    [InlineData(AssetClass.RetailRevolving)]
    [InlineData(AssetClass.RetailOther)]
    public void MaturityAdjustment_Retail_IsOneAndIgnoresMaturity(AssetClass assetClass)
    {
        IrbFormula.MaturityAdjustment(assetClass, 0.01, 7.0).Should().Be(1.0);
        IrbFormula.MaturityAdjustment(assetClass, 0.01, double.NaN).Should().Be(1.0);
        IrbFormula.CapitalRequirement(assetClass, 0.01, 0.45, double.NaN, IrbFormula.NoSales, null)
            .Should().Be(IrbFormula.CapitalRequirement(assetClass, 0.01, 0.45, 30.0, IrbFormula.NoSales, null));
    }

    [Fact]
    public void CapitalRequirement_KnownPoints_MatchHighPrecisionValues()
    {
        // mpmath (50 digits) from paras 272 and 328-330.
        IrbFormula.CapitalRequirement(AssetClass.Corporate, 0.01, 0.45, 2.5, IrbFormula.NoSales, null)
            .Should().BeApproximately(0.073853441113641111099, 0.073853441113641111099 * RelativeTolerance);
        IrbFormula.CapitalRequirement(AssetClass.RetailOther, 0.05, 0.6, double.NaN, IrbFormula.NoSales, null)
            .Should().BeApproximately(0.070842846334797004292, 0.070842846334797004292 * RelativeTolerance);
        IrbFormula.CapitalRequirement(AssetClass.RetailMortgage, 0.005, 0.2, double.NaN, IrbFormula.NoSales, null)
            .Should().BeApproximately(0.012472613452267693734, 0.012472613452267693734 * RelativeTolerance);
        IrbFormula.CapitalRequirement(0.02, 0.45, 0.2, 1.3, 0.999)
            .Should().BeApproximately(0.12069299218614383268, 0.12069299218614383268 * RelativeTolerance);
    }

    [Theory]
    [InlineData(0.999, 0.073853441113641111099)]
    [InlineData(0.9995, 0.086876318179947692021)]
    [InlineData(0.9999, 0.11911637361077347291)]
    public void CapitalRequirement_Confidence_ReplacesG0999(double confidence, double expected)
    {
        // Corporate PD 1%, LGD 45%, M 2.5 with G(q) in place of G(0.999); mpmath values.
        var options = new IrbOptions { Confidence = confidence };
        IrbFormula.CapitalRequirement(AssetClass.Corporate, 0.01, 0.45, 2.5, IrbFormula.NoSales, options)
            .Should().BeApproximately(expected, expected * RelativeTolerance);
    }

    [Fact]
    public void CapitalRequirement_HigherConfidence_GivesMoreCapital()
    {
        foreach (var assetClass in s_allClasses)
        {
            foreach (double pd in new[] { 0.0003, 0.01, 0.15, 0.6 })
            {
                double previous = 0.0;
                foreach (double q in new[] { 0.9, 0.99, 0.999, 0.9995, 0.9999 })
                {
                    double k = IrbFormula.CapitalRequirement(assetClass, pd, 0.45, 2.5, 10.0, new IrbOptions { Confidence = q });
                    k.Should().BeGreaterThan(previous, $"{assetClass} PD {pd} q {q}");
                    previous = k;
                }
            }
        }
    }

    [Fact]
    public void CapitalRequirement_ZeroLgd_IsZero()
    {
        foreach (var assetClass in s_allClasses)
        {
            IrbFormula.CapitalRequirement(assetClass, 0.02, 0.0, 2.5, IrbFormula.NoSales, null).Should().Be(0.0);
        }

        IrbFormula.CapitalRequirement(0.02, 0.0, 0.2, 1.3, 0.999).Should().Be(0.0);
    }

    [Fact]
    public void CapitalRequirement_ZeroCorrelation_IsZero()
    {
        // With R = 0 the conditional PD N(G(PD)) equals PD: no unexpected loss.
        foreach (double pd in new[] { 0.0003, 0.01, 0.3, 0.9 })
        {
            IrbFormula.CapitalRequirement(pd, 1.0, 0.0, 1.0, 0.999).Should().BeApproximately(0.0, 1e-15 + (pd * 1e-14));
        }
    }

    [Fact]
    public void CapitalRequirement_PdTowardsOne_TendsToZero()
    {
        // Performing formula as PD -> 1: N(.) -> 1 and PD -> 1, so K -> 0. mpmath: K(PD = 1 - 1e-9, LGD 1, corporate R)
        // = 9.9997555e-10; K(0.99999, LGD 1, R 0.12, MA 1) = 9.99355560612877800e-6.
        IrbFormula.CapitalRequirement(0.99999, 1.0, 0.12, 1.0, 0.999).Should().BeApproximately(9.9935556061287780043e-6, 1e-6 * 9.99e-6);
        double k = IrbFormula.CapitalRequirement(AssetClass.Corporate, 1.0 - 1e-9, 1.0, 1.0, IrbFormula.NoSales, null);
        k.Should().BeInRange(0.0, 2e-9);
        IrbFormula.CapitalRequirement(1.0, 0.45, 0.12, 1.0, 0.999).Should().Be(0.0);
    }

    [Fact]
    public void CapitalRequirement_IsLinearInLgdAndMaturityAdjustment()
    {
        double k = IrbFormula.CapitalRequirement(0.02, 0.3, 0.2, 1.25, 0.999);
        IrbFormula.CapitalRequirement(0.02, 0.6, 0.2, 1.25, 0.999).Should().BeApproximately(2.0 * k, 4e-16);
        IrbFormula.CapitalRequirement(0.02, 0.3, 0.2, 2.5, 0.999).Should().BeApproximately(2.0 * k, 4e-16);
    }

    [Fact]
    public void CapitalRequirement_FullFormula_EqualsItsParts()
    {
        var rng = new Random(272);
        for (int i = 0; i < 2_000; i++)
        {
            var assetClass = s_allClasses[rng.Next(s_allClasses.Length)];
            double pd = Math.Pow(10, -3.5 + (3.4 * rng.NextDouble()));
            double lgd = rng.NextDouble();
            double m = 0.5 + (6.0 * rng.NextDouble());
            double sales = rng.Next(3) == 0 ? IrbFormula.NoSales : 60.0 * rng.NextDouble();
            double q = 0.99 + (0.0099 * rng.NextDouble());
            double p = Math.Max(pd, IrbFormula.RegulatoryPdFloor(assetClass, CapitalRegime.Basel2));
            double expected = IrbFormula.CapitalRequirement(p, lgd, IrbFormula.Correlation(assetClass, p, sales), IrbFormula.MaturityAdjustment(assetClass, p, m), q);
            IrbFormula.CapitalRequirement(assetClass, pd, lgd, m, sales, new IrbOptions { Confidence = q }).Should().Be(expected);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Defaulted exposures, expected loss, floors.
    // ---------------------------------------------------------------------------------------------------------------
    [Theory]
    [InlineData(0.45, 0.30, 0.15)]
    [InlineData(0.45, 0.45, 0.0)]
    [InlineData(0.45, 0.60, 0.0)] // BEEL above LGD: K is floored at zero (para 272)
    [InlineData(1.0, 0.0, 1.0)]
    public void DefaultedCapitalRequirement_IsLgdMinusBeelFlooredAtZero(double lgd, double beel, double expected)
    {
        IrbFormula.DefaultedCapitalRequirement(lgd, beel).Should().BeApproximately(expected, 1e-16);
    }

    [Fact]
    public void DefaultedCapitalRequirement_ExpectedPlusUnexpectedLoss_EqualsLgd()
    {
        // For BEEL <= LGD: EL + K x EAD = BEEL x EAD + (LGD - BEEL) x EAD = LGD x EAD.
        const double ead = 250_000.0;
        foreach (var (lgd, beel) in new[] { (0.45, 0.3), (0.6, 0.6), (0.9, 0.05), (0.2, 0.0) })
        {
            double el = beel * ead;
            double ul = IrbFormula.DefaultedCapitalRequirement(lgd, beel) * ead;
            (el + ul).Should().BeApproximately(lgd * ead, 1e-9);
        }
    }

    [Fact]
    public void CapitalRequirement_DefaultedWithoutBeel_IsZero()
    {
        // pd = 1 without a BEEL: BEEL = LGD, so K = 0 and all of the loss is expected.
        foreach (var assetClass in s_allClasses)
        {
            IrbFormula.CapitalRequirement(assetClass, 1.0, 0.45, 2.5, IrbFormula.NoSales, null).Should().Be(0.0);
        }
    }

    [Theory]
    [InlineData(0.01, 0.45, 1_000_000.0, 4_500.0)]
    [InlineData(0.0, 0.45, 1_000.0, 0.0)]
    [InlineData(1.0, 0.6, 20_000.0, 12_000.0)]
    [InlineData(0.02, 0.5, 0.0, 0.0)]
    public void ExpectedLoss_IsPdTimesLgdTimesEad(double pd, double lgd, double ead, double expected)
    {
        IrbFormula.ExpectedLoss(pd, lgd, ead).Should().BeApproximately(expected, 1e-9);
    }

    [Theory]
    [InlineData(AssetClass.Corporate, CapitalRegime.Basel2, 0.0003)]
    [InlineData(AssetClass.Sme, CapitalRegime.Basel2, 0.0003)]
    [InlineData(AssetClass.Bank, CapitalRegime.Basel2, 0.0003)]
    [InlineData(AssetClass.Sovereign, CapitalRegime.Basel2, 0.0)]
    [InlineData(AssetClass.RetailMortgage, CapitalRegime.Basel2, 0.0003)]
    [InlineData(AssetClass.RetailRevolving, CapitalRegime.Basel2, 0.0003)]
    [InlineData(AssetClass.RetailOther, CapitalRegime.Basel2, 0.0003)]
    [InlineData(AssetClass.Corporate, CapitalRegime.Basel3, 0.0005)]
    [InlineData(AssetClass.Sovereign, CapitalRegime.Basel3, 0.0)]
    [InlineData(AssetClass.RetailMortgage, CapitalRegime.Basel3, 0.0005)]
    [InlineData(AssetClass.RetailRevolving, CapitalRegime.Basel3, 0.0010)]
    [InlineData(AssetClass.RetailOther, CapitalRegime.Basel3, 0.0005)]
    public void RegulatoryPdFloor_ByClassAndRegime_MatchesTheIssue(AssetClass assetClass, CapitalRegime regime, double expected)
    {
        // Issue 2: Basel II 0.03% except sovereign (none); Basel III 0.05%, 0.10% for qualifying revolving retail.
        IrbFormula.RegulatoryPdFloor(assetClass, regime).Should().Be(expected);
        new IrbOptions { Regime = regime }.FloorFor(assetClass).Should().Be(expected);
        new IrbOptions { Regime = regime, PdFloor = 0.002 }.FloorFor(assetClass).Should().Be(0.002);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Options and argument validation.
    // ---------------------------------------------------------------------------------------------------------------
    [Fact]
    public void IrbOptions_Default_IsBasel2At999WithoutScaling()
    {
        var o = IrbOptions.Default;
        o.Confidence.Should().Be(0.999);
        o.Regime.Should().Be(CapitalRegime.Basel2);
        o.PdFloor.Should().BeNull();
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(0.2)]
    [InlineData(double.NaN)]
    public void IrbOptions_ConfidenceOutsideRange_Throws(double confidence)
    {
        var act = () => new IrbOptions { Confidence = confidence };
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Confidence*");
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void IrbOptions_PdFloorOutsideRange_Throws(double floor)
    {
        var act = () => new IrbOptions { PdFloor = floor };
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*PdFloor*");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.0000001)]
    [InlineData(double.NaN)]
    public void CapitalRequirement_PdOutsideRange_Throws(double pd)
    {
        ((Action)(() => IrbFormula.CapitalRequirement(AssetClass.Corporate, pd, 0.45, 2.5, IrbFormula.NoSales, null)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(pd));
        ((Action)(() => IrbFormula.CapitalRequirement(pd, 0.45, 0.2, 1.0, 0.999))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(pd));
        ((Action)(() => IrbFormula.Correlation(AssetClass.Corporate, pd, IrbFormula.NoSales))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => IrbFormula.MaturityAdjustment(AssetClass.Corporate, pd, 2.5))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void CapitalRequirement_LgdOutsideRange_Throws(double lgd)
    {
        ((Action)(() => IrbFormula.CapitalRequirement(AssetClass.Corporate, 0.01, lgd, 2.5, IrbFormula.NoSales, null)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(lgd));
        ((Action)(() => IrbFormula.DefaultedCapitalRequirement(lgd, 0.1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => IrbFormula.ExpectedLoss(0.01, lgd, 1.0))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void CapitalRequirement_CorporateMaturityNotPositive_Throws(double maturityYears)
    {
        ((Action)(() => IrbFormula.CapitalRequirement(AssetClass.Corporate, 0.01, 0.45, maturityYears, IrbFormula.NoSales, null)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(maturityYears));
        ((Action)(() => IrbFormula.MaturityAdjustment(AssetClass.Bank, 0.01, maturityYears)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(maturityYears));
    }

    [Fact]
    public void Arguments_OtherInvalidValues_Throw()
    {
        ((Action)(() => IrbFormula.Correlation(AssetClass.Sme, 0.01, -1.0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("salesEurMillions");
        ((Action)(() => IrbFormula.Correlation(AssetClass.Sme, 0.01, double.NaN))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => IrbFormula.Correlation((AssetClass)7, 0.01, 1.0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("assetClass");
        ((Action)(() => IrbFormula.CapitalRequirement(0.01, 0.45, 1.0, 1.0, 0.999))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("correlation");
        ((Action)(() => IrbFormula.CapitalRequirement(0.01, 0.45, -0.1, 1.0, 0.999))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("correlation");
        ((Action)(() => IrbFormula.CapitalRequirement(0.01, 0.45, 0.2, 0.0, 0.999))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maturityAdjustment");
        ((Action)(() => IrbFormula.CapitalRequirement(0.01, 0.45, 0.2, 1.0, 0.5))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("confidence");
        ((Action)(() => IrbFormula.CapitalRequirement(0.01, 0.45, 0.2, 1.0, 1.0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("confidence");
        ((Action)(() => IrbFormula.DefaultedCapitalRequirement(0.45, 1.5))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("bestEstimateExpectedLoss");
        ((Action)(() => IrbFormula.ExpectedLoss(1.5, 0.45, 1.0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("pd");
        ((Action)(() => IrbFormula.ExpectedLoss(0.1, 0.45, -1.0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ead");
        ((Action)(() => IrbFormula.ExpectedLoss(0.1, 0.45, double.PositiveInfinity))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ead");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Span kernels: equal scalar element-wise; length mismatch, short destination and partial overlap throw.
    // ---------------------------------------------------------------------------------------------------------------
    [Fact]
    public void SpanKernels_EqualScalarElementWise()
    {
        const int n = 1_000;
        var rng = new Random(328);
        var cls = new AssetClass[n];
        double[] pd = new double[n], lgd = new double[n], m = new double[n], sales = new double[n], ead = new double[n];
        for (int i = 0; i < n; i++)
        {
            cls[i] = s_allClasses[rng.Next(s_allClasses.Length)];
            pd[i] = Math.Pow(10, -3.5 + (3.5 * rng.NextDouble()));
            lgd[i] = rng.NextDouble();
            m[i] = 0.5 + (6.0 * rng.NextDouble());
            sales[i] = rng.Next(2) == 0 ? IrbFormula.NoSales : 80.0 * rng.NextDouble();
            ead[i] = 1e6 * rng.NextDouble();
        }

        double[] r = new double[n], ma = new double[n], k = new double[n], el = new double[n];
        IrbFormula.Correlation(cls, pd, sales, r);
        IrbFormula.MaturityAdjustment(cls, pd, m, ma);
        IrbFormula.CapitalRequirement(pd, lgd, r, ma, 0.9995, k);
        IrbFormula.ExpectedLoss(pd, lgd, ead, el);
        for (int i = 0; i < n; i++)
        {
            r[i].Should().Be(IrbFormula.Correlation(cls[i], pd[i], sales[i]));
            ma[i].Should().Be(IrbFormula.MaturityAdjustment(cls[i], pd[i], m[i]));
            k[i].Should().Be(IrbFormula.CapitalRequirement(pd[i], lgd[i], r[i], ma[i], 0.9995));
            el[i].Should().Be(IrbFormula.ExpectedLoss(pd[i], lgd[i], ead[i]));
        }
    }

    [Fact]
    public void SpanKernels_EmptyInputs_DoNothing()
    {
        IrbFormula.CapitalRequirement([], [], [], [], 0.999, []);
        IrbFormula.ExpectedLoss([], [], [], []);
        IrbFormula.Correlation([], [], [], []);
        IrbFormula.MaturityAdjustment([], [], [], []);
    }

    [Fact]
    public void SpanKernels_DestinationAliasingAnInput_IsAllowed()
    {
        double[] pd = [0.01, 0.02, 0.05];
        double[] lgd = [0.45, 0.45, 0.45];
        double[] r = [0.2, 0.18, 0.15];
        double[] ma = [1.2, 1.1, 1.0];
        var expected = new double[3];
        IrbFormula.CapitalRequirement(pd, lgd, r, ma, 0.999, expected);
        IrbFormula.CapitalRequirement(pd, lgd, r, ma, 0.999, pd);
        pd.Should().Equal(expected);
    }

    [Fact]
    public void SpanKernels_LengthMismatch_Throws()
    {
        double[] three = [0.01, 0.02, 0.03];
        double[] two = [0.45, 0.45];
        var dest = new double[3];
        var cls = new[] { AssetClass.Corporate, AssetClass.Bank, AssetClass.Sme };
        ((Action)(() => IrbFormula.CapitalRequirement(three, two, three, three, 0.999, dest))).Should().Throw<ArgumentException>();
        ((Action)(() => IrbFormula.CapitalRequirement(three, three, three, two, 0.999, dest))).Should().Throw<ArgumentException>();
        ((Action)(() => IrbFormula.ExpectedLoss(three, three, two, dest))).Should().Throw<ArgumentException>();
        ((Action)(() => IrbFormula.Correlation(cls, two, three, dest))).Should().Throw<ArgumentException>();
        ((Action)(() => IrbFormula.MaturityAdjustment(cls, three, two, dest))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SpanKernels_ShortDestination_Throws()
    {
        double[] pd = [0.01, 0.02, 0.03];
        double[] ones = [1.0, 1.0, 1.0];
        var cls = new[] { AssetClass.Corporate, AssetClass.Bank, AssetClass.Sme };
        var shortDest = new double[2];
        ((Action)(() => IrbFormula.CapitalRequirement(pd, [0.45, 0.45, 0.45], [0.2, 0.2, 0.2], ones, 0.999, shortDest))).Should().Throw<ArgumentException>();
        ((Action)(() => IrbFormula.ExpectedLoss(pd, ones, ones, shortDest))).Should().Throw<ArgumentException>();
        ((Action)(() => IrbFormula.Correlation(cls, pd, ones, shortDest))).Should().Throw<ArgumentException>();
        ((Action)(() => IrbFormula.MaturityAdjustment(cls, pd, ones, shortDest))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SpanKernels_PartialOverlap_Throws()
    {
        var buffer = new double[] { 0.01, 0.02, 0.03, 0.04 };
        double[] lgd = [0.45, 0.45, 0.45];
        double[] r = [0.2, 0.2, 0.2];
        double[] ma = [1.0, 1.0, 1.0];
        ((Action)(() => IrbFormula.CapitalRequirement(buffer.AsSpan(0, 3), lgd, r, ma, 0.999, buffer.AsSpan(1, 3)))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SpanKernels_ElementOutOfRange_Throws()
    {
        double[] pd = [0.01, 1.5, 0.03];
        double[] ones = [1.0, 1.0, 1.0];
        var dest = new double[3];
        ((Action)(() => IrbFormula.CapitalRequirement(pd, [0.45, 0.45, 0.45], [0.2, 0.2, 0.2], ones, 0.999, dest))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => IrbFormula.CapitalRequirement([0.01, 0.02, 0.03], [0.45, 0.45, 0.45], [0.2, 0.2, 0.2], ones, 1.0, dest))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => IrbFormula.ExpectedLoss(pd, ones, ones, dest))).Should().Throw<ArgumentOutOfRangeException>();
    }

    private static readonly AssetClass[] s_allClasses = Enum.GetValues<AssetClass>();

    /// <summary>RW in percent as the tables print it: 12.5 x K x 100 at M = 2.5 years.</summary>
    private static double RiskWeightPercent(AssetClass assetClass, double pd, double lgd, double sales, IrbOptions? options) =>
        12.5 * IrbFormula.CapitalRequirement(assetClass, pd, lgd, AnnexMaturityYears, sales, options) * 100.0;
}
