using FluentAssertions;
using ValueCore.Capital;
using Xunit;

namespace ValueCore.Tests.Capital;

/// <summary>The Basel III IRB rules per loan (BCBS consolidated framework, CRE30-32 as revised in December 2017).</summary>
public class Basel3IrbTests
{
    // Hand-worked values are exact decimals; 1e-12 covers the rounding of a handful of double operations.
    private const double Exact = 1e-12;

    // The closed-form IRB values below were computed outside the library with Python's statistics.NormalDist
    // (cdf and inv_cdf, double precision) from the CRE31 formula text; agreement to 1e-9 relative is what two
    // independent double implementations of N and G give.
    private const double ClosedFormRelative = 1e-9;

    [Theory]
    // CRE32.6: senior unsecured claims on corporates 40%; on sovereigns, banks and other financial institutions 45%.
    // CRE32.7: subordinated claims 75%.
    [InlineData(AssetClass.Corporate, false, Seniority.Senior, 0.40)]
    [InlineData(AssetClass.Sme, false, Seniority.Senior, 0.40)]
    [InlineData(AssetClass.Sovereign, false, Seniority.Senior, 0.45)]
    [InlineData(AssetClass.Bank, false, Seniority.Senior, 0.45)]
    [InlineData(AssetClass.Corporate, true, Seniority.Senior, 0.45)]
    [InlineData(AssetClass.Corporate, false, Seniority.Subordinated, 0.75)]
    [InlineData(AssetClass.Bank, false, Seniority.Subordinated, 0.75)]
    public void SupervisoryLgd_Cre32_6To7_Table(AssetClass assetClass, bool largeFi, Seniority seniority, double expected) =>
        Basel3Irb.SupervisoryLgd(assetClass, largeFi, seniority).Should().Be(expected);

    [Fact]
    public void SupervisoryLgd_RetailClass_Throws() =>
        FluentActions.Invoking(() => Basel3Irb.SupervisoryLgd(AssetClass.RetailOther, false, Seniority.Senior)).Should().Throw<ArgumentOutOfRangeException>();

    [Theory]
    // CRE32.9, table: LGD_S and haircut H_C by type of collateral under foundation IRB.
    [InlineData(CollateralType.Cash, 0.0, 0.0)]
    [InlineData(CollateralType.Receivables, 0.20, 0.40)]
    [InlineData(CollateralType.CommercialRealEstate, 0.20, 0.40)]
    [InlineData(CollateralType.ResidentialRealEstate, 0.20, 0.40)]
    [InlineData(CollateralType.OtherPhysical, 0.25, 0.40)]
    public void SecuredLgdAndHaircut_Cre32_9_Table(CollateralType type, double lgdS, double haircut)
    {
        Basel3Irb.SecuredLgd(type).Should().Be(lgdS);
        Basel3Irb.CollateralHaircut(type, null).Should().Be(haircut);
    }

    [Fact]
    public void CollateralHaircut_FinancialWithoutHaircut_Throws() =>
        FluentActions.Invoking(() => Basel3Irb.CollateralHaircut(CollateralType.Financial, null)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void CollateralHaircut_FinancialGiven_IsTheGivenHaircut() =>
        Basel3Irb.CollateralHaircut(CollateralType.Financial, 0.15).Should().Be(0.15);

    [Theory]
    // CRE32.16 (corporates): unsecured 25%; secured by financial collateral 0%, receivables 10%, commercial or
    // residential real estate 10%, other physical 15%. CRE32.34 (retail): mortgages 5%, QRRE 50%, other retail 30%
    // unsecured, secured other retail as corporates (CRE32.35). Sovereigns: no LGD floor.
    [InlineData(AssetClass.Corporate, CollateralType.None, 0.25)]
    [InlineData(AssetClass.Sme, CollateralType.None, 0.25)]
    [InlineData(AssetClass.Corporate, CollateralType.Financial, 0.0)]
    [InlineData(AssetClass.Corporate, CollateralType.Cash, 0.0)]
    [InlineData(AssetClass.Corporate, CollateralType.Receivables, 0.10)]
    [InlineData(AssetClass.Corporate, CollateralType.CommercialRealEstate, 0.10)]
    [InlineData(AssetClass.Corporate, CollateralType.ResidentialRealEstate, 0.10)]
    [InlineData(AssetClass.Corporate, CollateralType.OtherPhysical, 0.15)]
    [InlineData(AssetClass.RetailMortgage, CollateralType.ResidentialRealEstate, 0.05)]
    [InlineData(AssetClass.RetailRevolving, CollateralType.None, 0.50)]
    [InlineData(AssetClass.RetailOther, CollateralType.None, 0.30)]
    [InlineData(AssetClass.RetailOther, CollateralType.OtherPhysical, 0.15)]
    [InlineData(AssetClass.Sovereign, CollateralType.None, 0.0)]
    public void LgdFloor_Cre32_16And34_Table(AssetClass assetClass, CollateralType type, double expected) =>
        Basel3Irb.LgdFloor(assetClass, type).Should().Be(expected);

    [Theory]
    // CRE32.4 and CRE32.34: 0.05% for corporates, banks and retail; QRRE revolvers 0.10%, transactors 0.05%; sovereigns none.
    [InlineData(AssetClass.Corporate, false, 0.0005)]
    [InlineData(AssetClass.Bank, false, 0.0005)]
    [InlineData(AssetClass.Sovereign, false, 0.0)]
    [InlineData(AssetClass.RetailMortgage, false, 0.0005)]
    [InlineData(AssetClass.RetailRevolving, false, 0.0010)]
    [InlineData(AssetClass.RetailRevolving, true, 0.0005)]
    [InlineData(AssetClass.RetailOther, false, 0.0005)]
    public void PdFloor_Cre32_ByClassAndTransactor(AssetClass assetClass, bool transactor, double expected) =>
        Basel3Irb.PdFloor(assetClass, transactor).Should().Be(expected);

    [Fact]
    public void CollateralisedLgd_HandWorkedReceivables_Is034()
    {
        // F-IRB senior corporate, E = 100, receivables C = 50 with H_C = 40%: E_S = 50 x 0.6 = 30, E_U = 70,
        // LGD* = 0.40 x 70/100 + 0.20 x 30/100 = 0.28 + 0.06 = 0.34 (CRE32.8-9).
        Basel3Irb.CollateralisedLgd(0.40, 0.20, 100, 0, 50, 0.40).Should().BeApproximately(0.34, Exact);
    }

    [Fact]
    public void CollateralisedLgd_HandWorkedCash_Is018()
    {
        // A bank exposure (LGD_U 45%) with 60 of cash on 100: E_S = 60, LGD* = 0.45 x 40/100 = 0.18.
        Basel3Irb.CollateralisedLgd(0.45, 0.0, 100, 0, 60, 0.0).Should().BeApproximately(0.18, Exact);
    }

    [Fact]
    public void CollateralisedLgd_NoCollateral_GivesUnsecuredLgd() =>
        Basel3Irb.CollateralisedLgd(0.40, 0.20, 100, 0, 0, 0.40).Should().Be(0.40);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.10)]
    public void CollateralisedLgd_CollateralCoveringEOnePlusHe_GivesSecuredLgd(double exposureHaircut)
    {
        // C (1 - H_C) = E (1 + H_E) exactly, and beyond: E_S is capped at E (1 + H_E), so LGD* = LGD_S.
        double e = 100, hc = 0.40;
        double c = e * (1 + exposureHaircut) / (1 - hc);
        Basel3Irb.CollateralisedLgd(0.40, 0.20, e, exposureHaircut, c, hc).Should().BeApproximately(0.20, Exact);
        Basel3Irb.CollateralisedLgd(0.40, 0.20, e, exposureHaircut, 10 * c, hc).Should().BeApproximately(0.20, Exact);
    }

    [Fact]
    public void RiskWeightedAssets_AirbCorporatePartlySecured_LgdFloorBlendCre32_17()
    {
        // A-IRB corporate, own LGD 12%, residential real estate C = 100 on E = 100: E_S = 100 x (1 - 0.40) = 60,
        // E_U = 40; floor = 0.25 x 40/100 + 0.10 x 60/100 = 0.10 + 0.06 = 0.16 > 12%, so LGD used = 0.16.
        var terms = new RegulatoryTerms { CollateralType = CollateralType.ResidentialRealEstate, CollateralValue = 100 };
        Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.01, 0.12, 2.5, null, terms, out double lgdUsed);
        lgdUsed.Should().BeApproximately(0.16, Exact);
        Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.01, 0.20, 2.5, null, terms, out lgdUsed);
        lgdUsed.Should().Be(0.20, "an own LGD above the floor is kept");
    }

    [Fact]
    public void RiskWeightedAssets_AirbUnsecuredCorporateBelowFloor_Uses25Percent()
    {
        Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.01, 0.10, 2.5, null, null, out double lgdUsed);
        lgdUsed.Should().Be(0.25);
    }

    [Fact]
    public void RiskWeightedAssets_BankOnAirb_MovedToFoundationCre30_34()
    {
        // Banks may not use A-IRB: the own LGD (10%) gives way to the supervisory 45%.
        Basel3Irb.RiskWeightedAssets(AssetClass.Bank, 100, 0.001, 0.10, 4, null, null, out double lgdUsed).Should()
            .BeApproximately(29.653993339000532, 29.65 * ClosedFormRelative, "F-IRB: LGD 45%, M = 2.5 (closed form, Python)");
        lgdUsed.Should().Be(0.45);
    }

    [Fact]
    public void RiskWeightedAssets_CorporateAboveEur500m_MovedToFoundation()
    {
        Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.02, 0.30, 2.5, 600, null, out double lgdUsed);
        lgdUsed.Should().Be(0.40);
        Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.02, 0.30, 2.5, 400, null, out lgdUsed);
        lgdUsed.Should().Be(0.30, "EUR 400m of sales stays on A-IRB");
    }

    [Fact]
    public void RiskWeightedAssets_LargeFinancialInstitution_CorrelationTimes125()
    {
        // F-IRB (forced), LGD 45%, M = 2.5, PD 1%, R = 1.25 x R_corporate(1%): 117.94939000861527 per 100 (Python).
        var terms = new RegulatoryTerms { LargeFinancialInstitution = true };
        Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.01, 0.45, 2.5, null, terms, out _).Should()
            .BeApproximately(117.94939000861527, 117.9 * ClosedFormRelative);
    }

    [Fact]
    public void RiskWeightedAssets_Foundation_UsesMaturity25WhateverGiven()
    {
        var firb = new RegulatoryTerms { Approach = IrbApproach.Foundation };
        double m1 = Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.02, 0.45, 1, null, firb, out _);
        double m5 = Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.02, 0.45, 5, null, firb, out _);
        m1.Should().Be(m5);
        // LGD 40% senior corporate, PD 2%, M = 2.5: 114.85422875825006 x 0.40/0.45 (K is linear in LGD).
        m1.Should().BeApproximately(114.85422875825006 * 0.40 / 0.45, 114.9 * ClosedFormRelative);
    }

    [Fact]
    public void RiskWeightedAssets_HalfGuaranteedByBank_PdSubstitutionHandWorked()
    {
        // A-IRB corporate, PD 2%, LGD 45%, M = 2.5, E = 100; 50 guaranteed by a bank with PD 0.1%.
        // Uncovered 50: K(corporate, 2%, 45%, 2.5); covered 50: K(bank, 0.1%, 45% = the loan's LGD, 2.5).
        // RWA = 12.5 (50 K_U + 50 K_G) = 72.25411104862529 (Python, CRE31 formula).
        var terms = new RegulatoryTerms { GuarantorPd = 0.001, GuarantorClass = AssetClass.Bank, GuaranteedAmount = 50 };
        Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.02, 0.45, 2.5, null, terms, out _).Should()
            .BeApproximately(72.25411104862529, 72.3 * ClosedFormRelative);
    }

    [Fact]
    public void RiskWeightedAssets_SovereignGuarantee_LgdFloorLiftedOnCoveredPart()
    {
        // Own LGD 10% (floor 25%). Covered by a sovereign the covered part keeps 10% (CRE32.2); by a corporate it takes 25%.
        var sovereign = new RegulatoryTerms { GuarantorPd = 0.001, GuarantorClass = AssetClass.Sovereign, GuaranteedAmount = 100 };
        var corporate = sovereign with { GuarantorClass = AssetClass.Corporate };
        double bySovereign = Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.02, 0.10, 2.5, null, sovereign, out _);
        double byCorporate = Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.02, 0.10, 2.5, null, corporate, out _);
        // Same PD 0.1% (above both floors) and the same corporate/sovereign correlation: only the LGD differs, 0.10 vs 0.25.
        bySovereign.Should().BeApproximately(byCorporate * 0.10 / 0.25, byCorporate * 1e-12);
    }

    [Fact]
    public void RiskWeightedAssets_FullGuaranteeByBetterGuarantor_NeverRaisesRwaOverGrid()
    {
        // Invariant (issue 20): for every loan class, PD, LGD and maturity, and every guarantor class with a lower PD,
        // a full guarantee never raises RWA; a corporate guarantor with a lower PD than a corporate loan lowers it.
        double[] pds = [0.0003, 0.001, 0.005, 0.02, 0.1, 0.3];
        double[] lgds = [0.1, 0.45, 0.9];
        double[] maturities = [1, 2.5, 5];
        foreach (var ac in Enum.GetValues<AssetClass>())
        {
            foreach (double pd in pds)
            {
                foreach (double lgd in lgds)
                {
                    foreach (double m in maturities)
                    {
                        double plain = Basel3Irb.RiskWeightedAssets(ac, 100, pd, lgd, m, null, null, out _);
                        foreach (var gc in Enum.GetValues<AssetClass>())
                        {
                            foreach (double gpd in pds.Where(p => p < pd))
                            {
                                var terms = new RegulatoryTerms { GuarantorPd = gpd, GuarantorClass = gc, GuaranteedAmount = 100 };
                                double guaranteed = Basel3Irb.RiskWeightedAssets(ac, 100, pd, lgd, m, null, terms, out _);
                                guaranteed.Should().BeLessThanOrEqualTo(plain, $"{ac} PD {pd} LGD {lgd} M {m} guaranteed by {gc} PD {gpd}");
                                if (ac == AssetClass.Corporate && gc == AssetClass.Corporate && gpd >= 0.0005)
                                {
                                    guaranteed.Should().BeLessThan(plain);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void RiskWeightedAssets_AirbCcfFloor_EadAtLeastDrawnPlusHalfSaCcf()
    {
        // Terms of a book with drawn 80, undrawn 100, own EAD 82 (CCF 2%): CRE32.27 floors the EAD at 80 + 0.5 x 0.40 x
        // 100 = 100. Through the internal loan (the public entry point has no drawn/undrawn), RWA is that of EAD 100.
        var x = RegulatoryLoan.From(AssetClass.Corporate, 82, 80, 100, 0.01, 0.45, 2.5, IrbFormula.NoSales, 0.45, RegulatoryTerms.Default);
        double floored = Basel3Irb.RiskWeightedAssetsUnchecked(x, out _, out _);
        double at100 = Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.01, 0.45, 2.5, null, null, out _);
        floored.Should().BeApproximately(at100, at100 * 1e-15);
    }

    [Fact]
    public void RiskWeightedAssets_StandardisedApproach_IsTheSaAmount()
    {
        var terms = new RegulatoryTerms { Approach = IrbApproach.Standardised, Rating = CreditRating.A };
        Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.01, 0.45, 2.5, null, terms, out double lgdUsed).Should().Be(50);
        double.IsNaN(lgdUsed).Should().BeTrue();
    }

    [Fact]
    public void RiskWeightedAssets_FoundationRetail_Throws() =>
        FluentActions.Invoking(() => Basel3Irb.RiskWeightedAssets(AssetClass.RetailOther, 100, 0.01, 0.45, null, null,
            new RegulatoryTerms { Approach = IrbApproach.Foundation }, out _)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void RiskWeightedAssets_GuaranteeAboveEad_Throws() =>
        FluentActions.Invoking(() => Basel3Irb.RiskWeightedAssets(AssetClass.Corporate, 100, 0.01, 0.45, 2.5, null,
            new RegulatoryTerms { GuarantorPd = 0.001, GuaranteedAmount = 101 }, out _)).Should().Throw<ArgumentOutOfRangeException>();
}
