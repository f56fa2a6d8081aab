using ValueCore.Internal;
using ValueCore.Numerics;

namespace ValueCore.Capital;

/// <summary>
/// The Basel III IRB rules per loan (BCBS, consolidated framework CRE30-32 as revised by "Basel III: Finalising
/// post-crisis reforms", December 2017): PD and LGD input floors, the 1.25 correlation multiplier for large financial
/// institutions, foundation IRB supervisory LGDs with collateral (LGD*), the EAD floor of advanced IRB, M = 2.5 under
/// foundation IRB and PD substitution for guaranteed parts. The RWA carry no scaling factor (Basel III drops 1.06).
/// </summary>
/// <remarks>docs/methodology.md, sections 9-11, states each rule with its paragraph.</remarks>
public static class Basel3Irb
{
    /// <summary>The annual sales, in EUR millions, above which a corporate may not use advanced IRB (CRE30.34).</summary>
    public const double AdvancedSalesLimitEurMillions = 500.0;

    /// <summary>The asset-correlation multiplier of large and unregulated financial institutions (CRE31.5).</summary>
    public const double FinancialInstitutionCorrelationMultiplier = 1.25;

    /// <summary>The effective maturity of foundation IRB exposures, in years (CRE32.44).</summary>
    public const double FoundationMaturityYears = 2.5;

    /// <summary>The haircut of receivables, real estate and other physical collateral under foundation IRB (CRE32.9).</summary>
    public const double NonFinancialCollateralHaircut = 0.40;

    /// <summary>The share of the standardised CCF below which an advanced IRB CCF may not go (CRE32.27: EAD at least drawn + 50% of the SA off-balance amount).</summary>
    public const double CcfFloorShare = 0.5;

    /// <summary>The PD floor of an exposure under Basel III.</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <param name="qrreTransactor">Whether a qualifying revolving retail exposure is a transactor.</param>
    /// <returns>0.05% (CRE32.4 corporates and banks; CRE32.34 mortgages, other retail and QRRE transactors), 0.10% for
    /// QRRE revolvers (CRE32.34), 0 for sovereigns.</returns>
    public static double PdFloor(AssetClass assetClass, bool qrreTransactor) =>
        assetClass == AssetClass.RetailRevolving && qrreTransactor ? 0.0005 : IrbFormula.RegulatoryPdFloor(assetClass, CapitalRegime.Basel3);

    /// <summary>Whether Basel III lets an exposure use advanced IRB (CRE30.34): not for banks and other financial
    /// institutions (the bank class, or a loan flagged large financial institution), nor for corporates with annual
    /// sales above EUR 500m.</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <param name="largeFinancialInstitution">Whether the obligor is a large or unregulated financial institution.</param>
    /// <param name="salesEurMillions">Annual sales in EUR millions, or <see cref="IrbFormula.NoSales"/> when not reported.</param>
    /// <returns>False when the exposure must use foundation IRB.</returns>
    public static bool AdvancedAllowed(AssetClass assetClass, bool largeFinancialInstitution, double salesEurMillions) =>
        !(assetClass == AssetClass.Bank || largeFinancialInstitution
          || (assetClass is AssetClass.Corporate or AssetClass.Sme && salesEurMillions > AdvancedSalesLimitEurMillions && salesEurMillions != IrbFormula.NoSales));

    /// <summary>The foundation IRB supervisory LGD of an unsecured claim (CRE32.6-7).</summary>
    /// <param name="assetClass">The asset class (corporate, sovereign, bank or SME).</param>
    /// <param name="largeFinancialInstitution">Whether the obligor is a financial institution (45% like banks).</param>
    /// <param name="seniority">The rank of the claim.</param>
    /// <returns>Senior: 40% for corporates and SMEs, 45% for sovereigns, banks and financial institutions; subordinated: 75%.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="assetClass"/> is a retail class (no foundation approach: CRE30.33).</exception>
    public static double SupervisoryLgd(AssetClass assetClass, bool largeFinancialInstitution, Seniority seniority)
    {
        if (!IrbFormula.HasMaturityAdjustment(assetClass))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(assetClass), "Retail exposures have no foundation IRB approach (own LGD only).");
        }

        return SupervisoryLgdUnchecked(assetClass, largeFinancialInstitution, seniority);
    }

    /// <summary>LGD_S, the foundation IRB LGD of the secured part by collateral type (CRE32.9).</summary>
    /// <param name="collateralType">The collateral type.</param>
    /// <returns>0 for cash and financial collateral, 20% for receivables and real estate, 25% other physical; for
    /// <see cref="CollateralType.None"/> 1 (nothing is secured, so the value never weighs).</returns>
    public static double SecuredLgd(CollateralType collateralType) => collateralType switch
    {
        CollateralType.Cash or CollateralType.Financial => 0.0,
        CollateralType.Receivables or CollateralType.ResidentialRealEstate or CollateralType.CommercialRealEstate => 0.20,
        CollateralType.OtherPhysical => 0.25,
        _ => 1.0,
    };

    /// <summary>The collateral haircut H_C (CRE32.9, CRE22.49).</summary>
    /// <param name="collateralType">The collateral type.</param>
    /// <param name="financialHaircut">The haircut of financial collateral, in [0, 1]; used only for <see cref="CollateralType.Financial"/>.</param>
    /// <returns>0 for cash; the given haircut for financial collateral; 40% for receivables, real estate and other physical; 1 for none.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Financial collateral without a haircut in [0, 1].</exception>
    public static double CollateralHaircut(CollateralType collateralType, double? financialHaircut)
    {
        if (collateralType == CollateralType.Financial && !(financialHaircut is double h && h >= 0.0 && h <= 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(financialHaircut), "Financial collateral needs a haircut in [0, 1] (CRE22.49).");
        }

        return HaircutUnchecked(collateralType, financialHaircut ?? double.NaN);
    }

    /// <summary>The advanced IRB LGD floor of a fully unsecured (<see cref="CollateralType.None"/>) or fully secured exposure (CRE32.16, CRE32.34).</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <param name="collateralType">The collateral securing it.</param>
    /// <returns>Corporates and SMEs: unsecured 25%; secured by financial collateral 0%, receivables 10%, commercial or
    /// residential real estate 10%, other physical 15%. Retail: mortgages 5%; QRRE 50%; other retail unsecured 30%,
    /// secured as corporates. Sovereigns and banks: 0 (no floor; banks may not use advanced IRB).</returns>
    public static double LgdFloor(AssetClass assetClass, CollateralType collateralType) => assetClass switch
    {
        AssetClass.Sovereign or AssetClass.Bank => 0.0,
        AssetClass.RetailMortgage => 0.05,
        AssetClass.RetailRevolving => 0.50,
        AssetClass.RetailOther when collateralType == CollateralType.None => 0.30,
        _ => collateralType switch
        {
            CollateralType.None => 0.25,
            CollateralType.Cash or CollateralType.Financial => 0.0,
            CollateralType.Receivables or CollateralType.ResidentialRealEstate or CollateralType.CommercialRealEstate => 0.10,
            _ => 0.15,
        },
    };

    /// <summary>The LGD of a partly secured exposure, LGD* = LGD_U x E_U / (E (1 + H_E)) + LGD_S x E_S / (E (1 + H_E)),
    /// with E_S = min(C (1 - H_C), E (1 + H_E)) and E_U = E (1 + H_E) - E_S (CRE32.8-9; the same blend gives the LGD floor
    /// of a partly secured exposure, CRE32.17).</summary>
    /// <param name="unsecuredLgd">LGD_U, in [0, 1].</param>
    /// <param name="securedLgd">LGD_S, in [0, 1].</param>
    /// <param name="ead">The exposure E, &gt;= 0, in currency.</param>
    /// <param name="exposureHaircut">H_E, &gt;= 0 (0 for a loan).</param>
    /// <param name="collateralValue">The collateral's current value C, &gt;= 0, in currency.</param>
    /// <param name="collateralHaircut">H_C, in [0, 1].</param>
    /// <returns>LGD*, in [min(LGD_U, LGD_S), max(LGD_U, LGD_S)]; LGD_U when E = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double CollateralisedLgd(double unsecuredLgd, double securedLgd, double ead, double exposureHaircut, double collateralValue, double collateralHaircut)
    {
        CheckUnit(unsecuredLgd, nameof(unsecuredLgd));
        CheckUnit(securedLgd, nameof(securedLgd));
        CheckUnit(collateralHaircut, nameof(collateralHaircut));
        CheckAmount(ead, nameof(ead));
        CheckAmount(collateralValue, nameof(collateralValue));
        if (!(exposureHaircut >= 0.0 && exposureHaircut <= 10.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(exposureHaircut), exposureHaircut, "[0, 10]");
        }

        return BlendUnchecked(unsecuredLgd, securedLgd, ead * (1.0 + exposureHaircut), collateralValue * (1.0 - collateralHaircut));
    }

    /// <summary>The risk-weighted assets of one loan under Basel III IRB (or its standardised amount when its approach is
    /// <see cref="IrbApproach.Standardised"/>).</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <param name="ead">The EAD, &gt;= 0, in currency.</param>
    /// <param name="pd">The one-year PD as estimated, in (0, 1]; 1 = defaulted.</param>
    /// <param name="lgd">The bank's own LGD, in [0, 1] (used on advanced IRB).</param>
    /// <param name="maturityYears">Effective maturity M in years, &gt; 0; null for retail (foundation IRB takes 2.5).</param>
    /// <param name="salesEurMillions">Annual sales in EUR millions, &gt;= 0; null when not reported.</param>
    /// <param name="terms">The loan's Basel III attributes; null for <see cref="RegulatoryTerms.Default"/>.</param>
    /// <param name="lgdUsed">The LGD of the uncovered part after floors, supervisory values and collateral (NaN on the standardised approach).</param>
    /// <returns>RWA in the currency of <paramref name="ead"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range, a retail loan asks for foundation
    /// IRB, or a corporate, sovereign, bank or SME loan has no maturity.</exception>
    /// <remarks>RWA = 12.5 [K_U (E - G) + min(K_G, K_U) G], K by CRE31 at q = 0.999 without scaling, G the guaranteed amount
    /// (at most E): the covered part takes the guarantor's PD, correlation and maturity treatment with the loan's LGD used
    /// (CRE32.24-25; no LGD floor under a sovereign's cover, CRE32.2), and is recognised only where it lowers capital.</remarks>
    public static double RiskWeightedAssets(AssetClass assetClass, double ead, double pd, double lgd, double? maturityYears,
        double? salesEurMillions, RegulatoryTerms? terms, out double lgdUsed)
    {
        terms ??= RegulatoryTerms.Default;
        var x = RegulatoryLoan.From(assetClass, ead, ead, 0.0, pd, lgd, maturityYears ?? double.NaN, salesEurMillions ?? IrbFormula.NoSales, lgd, terms);
        Check(x);
        return RiskWeightedAssetsUnchecked(x, out lgdUsed, out _);
    }

    /// <summary>Validates the inputs of one loan (the public entry points' edge).</summary>
    internal static void Check(in RegulatoryLoan x)
    {
        if ((uint)x.Class > (uint)AssetClass.RetailOther)
        {
            ThrowHelper.ArgumentOutOfRange("assetClass", "Unknown asset class.");
        }

        CheckAmount(x.Ead, "ead");
        if (!(x.Pd > 0.0 && x.Pd <= 1.0))
        {
            ThrowHelper.ArgumentOutOfRange("pd", x.Pd, "(0, 1]");
        }

        CheckUnit(x.Lgd, "lgd");
        if (!(x.Sales >= 0.0))
        {
            ThrowHelper.ArgumentOutOfRange("salesEurMillions", x.Sales, "[0, inf)");
        }

        if (IrbFormula.HasMaturityAdjustment(x.Class) && x.Approach == IrbApproach.Advanced && !(x.Maturity > 0.0 && x.Maturity <= 100.0))
        {
            ThrowHelper.ArgumentOutOfRange("maturityYears", x.Maturity, "(0, 100]");
        }

        if (RuleBroken(x) is string rule)
        {
            ThrowHelper.ArgumentOutOfRange("terms", rule);
        }
    }

    /// <summary>The first Basel III rule a loan's attributes break (the reader's and the entry points' one rule set), or null.</summary>
    internal static string? RuleBroken(in RegulatoryLoan x)
    {
        if (x.Approach == IrbApproach.Foundation && !IrbFormula.HasMaturityAdjustment(x.Class))
        {
            return "approach = firb is not available for retail exposures (CRE30.33: retail uses own estimates)";
        }

        if (!(x.CollateralValue >= 0.0 && x.CollateralValue <= AmountBound.Max))
        {
            return "collateral_value must be >= 0 and within the amount bound";
        }

        if (x.Collateral == CollateralType.Financial && !(x.CollateralHaircut >= 0.0 && x.CollateralHaircut <= 1.0))
        {
            return "collateral_haircut in [0, 1] is required for financial collateral (CRE22.49)";
        }

        if (!double.IsNaN(x.GuarantorPd) && !(x.GuarantorPd > 0.0 && x.GuarantorPd < 1.0))
        {
            return "guarantor_pd is outside (0, 1) (a defaulted guarantor gives no protection)";
        }

        if (!(x.GuaranteedAmount >= 0.0 && x.GuaranteedAmount <= x.Ead))
        {
            return "guaranteed_amount must be in [0, ead]";
        }

        if (x.GuaranteedAmount > 0.0 && double.IsNaN(x.GuarantorPd))
        {
            return "guaranteed_amount needs a guarantor_pd";
        }

        if (!double.IsNaN(x.Ltv) && !(x.Ltv > 0.0 && x.Ltv <= 100.0))
        {
            return "ltv is outside (0, 100] (a fraction: 0.8 is 80%)";
        }

        if (!(x.Provision >= 0.0 && x.Provision <= AmountBound.Max))
        {
            return "provision must be >= 0 and within the amount bound";
        }

        return null;
    }

    /// <summary>The Basel III RWA of a validated loan.</summary>
    /// <param name="x">The loan.</param>
    /// <param name="lgdUsed">The LGD used (NaN on the standardised approach).</param>
    /// <param name="foundationForced">Whether CRE30.34 moved it to foundation IRB.</param>
    /// <param name="pdFloor">A PD floor for every class that replaces the Basel III floors (<see cref="IrbOptions.PdFloor"/>); NaN keeps them.</param>
    internal static double RiskWeightedAssetsUnchecked(in RegulatoryLoan x, out double lgdUsed, out bool foundationForced, double pdFloor = double.NaN)
    {
        var approach = x.Approach;
        foundationForced = false;
        if (approach == IrbApproach.Advanced && !AdvancedAllowed(x.Class, x.LargeFi, x.Sales))
        {
            approach = IrbApproach.Foundation;
            foundationForced = true;
        }

        if (approach == IrbApproach.Standardised)
        {
            lgdUsed = double.NaN;
            return StandardisedApproach.RiskWeightedAssetsUnchecked(x, out _);
        }

        bool foundation = approach == IrbApproach.Foundation;
        // EAD: foundation takes the standardised CCF on the undrawn amount; advanced keeps its own EAD, floored at the
        // drawn amount plus 50% of the standardised off-balance amount (CRE32.27-28).
        double e = foundation
            ? x.Drawn + (StandardisedApproach.CommitmentCcf * x.Undrawn)
            : Math.Max(x.Ead, x.Drawn + (CcfFloorShare * StandardisedApproach.CommitmentCcf * x.Undrawn));
        double securedValue = x.Collateral == CollateralType.None ? 0.0 : x.CollateralValue * (1.0 - HaircutUnchecked(x.Collateral, x.CollateralHaircut));
        double lgdUnfloored, lgd;
        if (foundation)
        {
            lgdUnfloored = BlendUnchecked(SupervisoryLgdUnchecked(x.Class, x.LargeFi, x.Seniority), SecuredLgd(x.Collateral), e, securedValue);
            lgd = lgdUnfloored;
        }
        else
        {
            lgdUnfloored = x.Lgd;
            double floor = x.Collateral == CollateralType.None || x.Class == AssetClass.RetailMortgage
                ? LgdFloor(x.Class, CollateralType.None)
                : BlendUnchecked(LgdFloor(x.Class, CollateralType.None), LgdFloor(x.Class, x.Collateral), e, securedValue);
            lgd = Math.Max(x.Lgd, floor);
        }

        lgdUsed = lgd;
        double maturity = foundation ? FoundationMaturityYears : x.Maturity;
        double gq = NormalDistribution.InverseCdfUnchecked(IrbFormula.RegulatoryConfidence);
        double k;
        if (x.Pd >= 1.0)
        {
            k = Math.Max(0.0, lgd - x.Beel);
        }
        else
        {
            double p = Math.Max(Math.Max(x.Pd, double.IsNaN(pdFloor) ? PdFloor(x.Class, x.Transactor) : pdFloor), IrbFormula.TechnicalPdFloor);
            double r = IrbFormula.CorrelationUnchecked(x.Class, p, x.Sales);
            if (x.LargeFi && IrbFormula.HasMaturityAdjustment(x.Class))
            {
                r *= FinancialInstitutionCorrelationMultiplier;
            }

            k = IrbFormula.CapitalRequirementUnchecked(p, lgd, r, IrbFormula.MaturityAdjustmentUnchecked(x.Class, p, maturity), gq);
        }

        double g = double.IsNaN(x.GuarantorPd) ? 0.0 : Math.Min(x.GuaranteedAmount, e);
        if (g <= 0.0)
        {
            return 12.5 * (k * e);
        }

        // PD substitution (CRE32.24-25): the guarantor's PD (floored for its class; a sovereign's has no floor), its
        // correlation and maturity treatment, the loan's LGD used (unfloored under a sovereign's cover, CRE32.2) and the
        // loan's maturity (2.5 where the loan has none). Protection is recognised only where it lowers capital.
        var gc = x.GuarantorClass;
        double pg = Math.Max(Math.Max(x.GuarantorPd, double.IsNaN(pdFloor) ? PdFloor(gc, false) : pdFloor), IrbFormula.TechnicalPdFloor);
        double lg = gc == AssetClass.Sovereign ? lgdUnfloored : lgd;
        double mg = double.IsNaN(maturity) ? FoundationMaturityYears : maturity;
        double kg = IrbFormula.CapitalRequirementUnchecked(pg, lg, IrbFormula.CorrelationUnchecked(gc, pg, IrbFormula.NoSales),
            IrbFormula.MaturityAdjustmentUnchecked(gc, pg, mg), gq);
        return 12.5 * ((k * (e - g)) + (Math.Min(kg, k) * g));
    }

    internal static double SupervisoryLgdUnchecked(AssetClass assetClass, bool largeFi, Seniority seniority) =>
        seniority == Seniority.Subordinated ? 0.75
        : assetClass is AssetClass.Sovereign or AssetClass.Bank || largeFi ? 0.45
        : 0.40;

    internal static double HaircutUnchecked(CollateralType collateralType, double financialHaircut) => collateralType switch
    {
        CollateralType.None => 1.0,
        CollateralType.Cash => 0.0,
        CollateralType.Financial => financialHaircut,
        _ => NonFinancialCollateralHaircut,
    };

    /// <summary>(LGD_U E_U + LGD_S E_S) / E with E_S = min(secured, E), E_U = E - E_S; LGD_U when E = 0.</summary>
    internal static double BlendUnchecked(double unsecured, double secured, double exposure, double securedValue)
    {
        if (!(exposure > 0.0))
        {
            return unsecured;
        }

        double es = Math.Min(Math.Max(securedValue, 0.0), exposure);
        return ((unsecured * (exposure - es)) + (secured * es)) / exposure;
    }

    private static void CheckUnit(double v, string name)
    {
        if (!(v >= 0.0 && v <= 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(name, v, "[0, 1]");
        }
    }

    private static void CheckAmount(double v, string name)
    {
        if (!(v >= 0.0 && v <= AmountBound.Max))
        {
            ThrowHelper.ArgumentOutOfRange(name, v, "[0, 1e15]");
        }
    }
}
