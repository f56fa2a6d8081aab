using ValueCore.Risk.Operational;

namespace ValueCore.Tests.Risk.Operational;

// References: Basel Committee on Banking Supervision, Basel Framework, chapter OPE25 "Standardised approach"
// (version effective 1 January 2023): 25.2 (ORC = BIC x ILM, RWA = 12.5 ORC), 25.4-25.5 and footnote 1 (BI components,
// absolute values year by year before averaging), 25.7 Table 1 and footnote 2 (marginal coefficients; BI = EUR 35bn
// gives BIC = EUR 5.37bn), 25.8 (ILM = ln(e - 1 + (LC/BIC)^0.8)), 25.9 (LC = 15 x average annual losses; ILM = 1 when
// LC = BIC), 25.11 (bucket 1: ILM = 1). See docs/risk-aggregation.md for which paragraphs were read in the stored text.
public class StandardisedApproachTests
{
    private const double Money = 1e-3; // currency units on amounts of up to EUR 35bn
    private const double Exact = 1e-12;

    [Fact]
    public void BusinessIndicatorComponent_Ope25Footnote2Example_Is537Bn()
    {
        // OPE25.7 footnote 2: BI = 35bn -> BIC = 1 x 12% + (30 - 1) x 15% + (35 - 30) x 18% = 5.37bn.
        StandardisedApproach.BusinessIndicatorComponent(35e9, 1.0).Should().BeApproximately(5.37e9, Money);
        StandardisedApproach.Bucket(35e9, 1.0).Should().Be(3);
    }

    [Theory]
    [InlineData(0.5e9, 0.06e9, 1)] // bucket 1: 12% x 0.5bn
    [InlineData(1e9, 0.12e9, 1)] // "BI less than or equal to EUR 1bn" is bucket 1 (OPE25.7)
    [InlineData(2e9, 0.27e9, 2)] // 0.12 + 1 x 15%
    [InlineData(30e9, 4.47e9, 2)] // 0.12 + 29 x 15%, upper end of bucket 2 (Table 1: 1 < BI <= 30)
    public void BusinessIndicatorComponent_TableOneBuckets_MatchHandValues(double bi, double bic, int bucket)
    {
        StandardisedApproach.BusinessIndicatorComponent(bi, 1.0).Should().BeApproximately(bic, Money);
        StandardisedApproach.Bucket(bi, 1.0).Should().Be(bucket);
    }

    [Fact]
    public void BusinessIndicatorComponent_OtherCurrency_ConvertsTheThresholds()
    {
        // USD at 1.1 per EUR: BI = USD 38.5bn is EUR 35bn, so BIC = EUR 5.37bn = USD 5.907bn.
        StandardisedApproach.BusinessIndicatorComponent(38.5e9, 1.1).Should().BeApproximately(5.37e9 * 1.1, Money);
        StandardisedApproach.Bucket(1.05e9, 1.1).Should().Be(1); // EUR 0.95bn
        StandardisedApproach.Bucket(1.05e9, 1.0).Should().Be(2);
    }

    [Fact]
    public void InternalLossMultiplier_ClosedFormPoints_MatchOpe25()
    {
        // LC = BIC: ILM = ln(e) = 1 (OPE25.9). LC = 0: ln(e - 1) = 0.54132485461291810. (LC/BIC)^0.8 = 2: ln(e + 1) = 1.3132616875182228.
        StandardisedApproach.InternalLossMultiplier(450e6, 450e6).Should().BeApproximately(1.0, Exact);
        StandardisedApproach.InternalLossMultiplier(0.0, 450e6).Should().BeApproximately(0.54132485461291810, Exact);
        StandardisedApproach.InternalLossMultiplier(Math.Pow(2.0, 1.25), 1.0).Should().BeApproximately(1.3132616875182228, Exact);
        StandardisedApproach.LossComponent(30e6).Should().Be(450e6);
    }

    [Fact]
    public void ComponentsFromItems_ThreeYears_AppliesCapsMaximaAndYearlyAbsoluteValues()
    {
        BusinessIndicatorItems[] years =
        [
            new(100, 60, 1000, 5, 30, 10, 8, 12, -4, 6),
            new(90, 100, 1200, 3, 25, 12, 6, 4, 10, -2),
            new(120, 70, 1100, 4, 35, 8, 10, 5, 2, 1),
        ];
        var c = StandardisedApproach.ComponentsFromItems(years);

        // ILDC: avg |II - IE| = (40 + 10 + 50) / 3 = 33.33 is capped at 2.25% x avg IEA (1100) = 24.75; + avg DI 4 = 28.75.
        // (Averaging the signed net first would give 26.67: footnote 1 takes absolute values year by year.)
        c.Ildc.Should().BeApproximately(28.75, Exact);

        // SC = max(avg OOI 8, avg OOE 7) + max(avg FI 30, avg FE 10) = 38.
        c.Sc.Should().BeApproximately(38.0, Exact);

        // FC = avg |TB| (4 + 10 + 2) / 3 + avg |BB| (6 + 2 + 1) / 3 = 25 / 3.
        c.Fc.Should().BeApproximately(25.0 / 3.0, Exact);
        c.BusinessIndicator.Should().BeApproximately(28.75 + 38.0 + (25.0 / 3.0), Exact);
    }

    [Fact]
    public void ComponentsFromItems_UncappedInterest_UsesAverageAbsoluteNetInterest()
    {
        BusinessIndicatorItems[] years =
        [
            new(100, 60, 10000, 0, 0, 0, 0, 0, 0, 0),
            new(90, 100, 10000, 0, 0, 0, 0, 0, 0, 0),
            new(120, 70, 10000, 0, 0, 0, 0, 0, 0, 0),
        ];
        StandardisedApproach.ComponentsFromItems(years).Ildc.Should().BeApproximately(100.0 / 3.0, Exact);
    }

    [Fact]
    public void Compute_LossComponentEqualToBic_GivesIlmOneAndAllocatesByBi()
    {
        // BI = 2.2bn + 1.0bn = 3.2bn (bucket 2); BIC = 0.12 + 2.2 x 0.15 = 0.45bn. A 30m loss in each of 2016-2025:
        // average 30m, LC = 450m = BIC, so ILM = 1 and ORC = 450m. A 15,000 loss is below the EUR 20,000 threshold and a
        // 2014 loss is outside the ten-year window.
        var losses = Enumerable.Range(2016, 10).Select(y => new OperationalLoss(y, 30e6, 30e6)).ToList();
        losses.Add(new OperationalLoss(2020, 15_000, 15_000));
        losses.Add(new OperationalLoss(2014, 99e6, 99e6));
        BusinessIndicatorComponents[] components = [new(1.5e9, 0.5e9, 0.2e9), new(0.6e9, 0.3e9, 0.1e9)];

        var r = StandardisedApproach.Compute(["U1", "U2"], components, losses.ToArray(), null);

        r.BusinessIndicator.Should().BeApproximately(3.2e9, Money);
        r.Bucket.Should().Be(2);
        r.BusinessIndicatorComponent.Should().BeApproximately(0.45e9, Money);
        r.AverageAnnualLoss.Should().BeApproximately(30e6, Money);
        r.LossComponent.Should().BeApproximately(450e6, Money);
        r.InternalLossMultiplier.Should().BeApproximately(1.0, Exact);
        r.IlmBasis.Should().Be(IlmBasis.Formula);
        r.Capital.Should().BeApproximately(450e6, Money);
        r.RiskWeightedAssets.Should().BeApproximately(12.5 * 450e6, 1e-2);
        r.LossesUsed.Should().Be(10);
        r.LossesBelowThreshold.Should().Be(1);
        r.LossesOutsideWindow.Should().Be(1);

        // BI shares 2.2 / 3.2 and 1.0 / 3.2.
        r.Share[0].Should().BeApproximately(0.6875, Exact);
        r.UnitCapital[0].Should().BeApproximately(309.375e6, Money);
        r.UnitCapital[1].Should().BeApproximately(140.625e6, Money);
        r.UnitCapital.Sum().Should().BeApproximately(r.Capital, Money);
    }

    [Fact]
    public void Compute_StandaloneBicKey_SharesByEachUnitsOwnBic()
    {
        // BIC(2.2bn) = 0.30bn, BIC(1.0bn) = 0.12bn: shares 0.30 / 0.42 and 0.12 / 0.42.
        BusinessIndicatorComponents[] components = [new(1.5e9, 0.5e9, 0.2e9), new(0.6e9, 0.3e9, 0.1e9)];
        var r = StandardisedApproach.Compute(["U1", "U2"], components, [], new OperationalRiskOptions { Allocation = AllocationKey.StandaloneBic });
        r.Share[0].Should().BeApproximately(0.30 / 0.42, Exact);
        r.Share[1].Should().BeApproximately(0.12 / 0.42, Exact);
        r.IlmBasis.Should().Be(IlmBasis.NoLosses);
        r.Capital.Should().BeApproximately(0.45e9, Money);
    }

    [Fact]
    public void Compute_BucketOne_IgnoresLossesUnlessAllowed()
    {
        // BI = 0.8bn: BIC = 96m. Losses 12m a year for ten years: LC = 180m; with losses ILM = ln(e - 1 + (180/96)^0.8).
        BusinessIndicatorComponents[] components = [new(0.5e9, 0.2e9, 0.1e9)];
        var losses = Enumerable.Range(2016, 10).Select(y => new OperationalLoss(y, 12e6, 12e6)).ToArray();
        var plain = StandardisedApproach.Compute(["U"], components, losses, null);
        plain.Bucket.Should().Be(1);
        plain.InternalLossMultiplier.Should().Be(1.0);
        plain.IlmBasis.Should().Be(IlmBasis.BucketOne);

        var allowed = StandardisedApproach.Compute(["U"], components, losses, new OperationalRiskOptions { UseLossesInBucketOne = true });
        allowed.IlmBasis.Should().Be(IlmBasis.Formula);
        allowed.InternalLossMultiplier.Should().BeGreaterThan(1.0);
        allowed.InternalLossMultiplier.Should().BeApproximately(StandardisedApproach.InternalLossMultiplier(180e6, 96e6), Exact);

        var user = StandardisedApproach.Compute(["U"], components, losses, new OperationalRiskOptions { InternalLossMultiplier = 1.0 });
        user.IlmBasis.Should().Be(IlmBasis.UserSet);
        user.Capital.Should().BeApproximately(96e6, Money);
    }

    [Fact]
    public void Compute_ItemsOfTwoUnits_ConsolidatesBeforeTheFormulas()
    {
        // Unit A: net interest +50 and fee income 10 a year (BI 60); unit B: net interest -50 a year (BI 50). The bank's
        // items net to zero interest, so its BI is the fee income alone, 10 (OPE25.5 applied to consolidated items),
        // while the allocation key uses the units' own BIs 60 and 50.
        BusinessIndicatorItems a = new(100, 50, 1e6, 0, 10, 0, 0, 0, 0, 0), b = new(50, 100, 1e6, 0, 0, 0, 0, 0, 0, 0);
        var r = StandardisedApproach.Compute(["A", "B"], [a, a, a, b, b, b], [], new OperationalRiskOptions());
        r.UnitBusinessIndicator[0].Should().BeApproximately(60.0, Exact);
        r.UnitBusinessIndicator[1].Should().BeApproximately(50.0, Exact);
        r.BusinessIndicator.Should().BeApproximately(10.0, Exact);
        r.BusinessIndicatorComponent.Should().BeApproximately(1.2, Exact);
        r.Share[0].Should().BeApproximately(60.0 / 110.0, Exact);
    }

    [Fact]
    public void Compute_BadInput_Throws()
    {
        var ok = new BusinessIndicatorComponents(1, 1, 1);
        FluentActions.Invoking(() => StandardisedApproach.Compute(["U"], [new BusinessIndicatorComponents(-1, 1, 1)], [], null))
            .Should().Throw<ArgumentOutOfRangeException>();
        var fewYears = Enumerable.Range(2022, 4).Select(y => new OperationalLoss(y, 1e6, 1e6)).ToArray();
        FluentActions.Invoking(() => StandardisedApproach.Compute(["U"], [new BusinessIndicatorComponents(2e9, 0, 0)], fewYears, null))
            .Should().Throw<ArgumentException>().WithMessage("*4 year(s)*at least 5*");
        FluentActions.Invoking(() => StandardisedApproach.Compute(["U", "U"], [ok, ok], [], null)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => StandardisedApproach.ComponentsFromItems(new BusinessIndicatorItems[2])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new OperationalRiskOptions { LossThresholdEur = 10_000 }).Should().Throw<ArgumentOutOfRangeException>();
    }
}
