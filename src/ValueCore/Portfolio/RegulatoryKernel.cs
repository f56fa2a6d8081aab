using ValueCore.Capital;

namespace ValueCore.Portfolio;

/// <summary>The Basel III regulatory basis per loan over validated columns: IRB RWA with the Basel III rules (replacing
/// the kernel's), the LGD used, and the standardised RWA and risk weight (docs/methodology.md, sections 9-12).</summary>
internal static class RegulatoryKernel
{
    /// <summary>Values loans [0, n) on the Basel III regulatory basis into result (its Rwa replaced, LgdUsed, RwaSa and
    /// RiskWeightSa filled): the inputs are the validated book columns (drawn = EAD where not given, undrawn empty = 0),
    /// <c>regulatory</c> the Basel III columns (null: every loan takes <see cref="RegulatoryTerms.Default"/>) read from
    /// position <c>regulatoryOffset</c>, <c>regulatoryRetail</c> the whole-book CRE20.65 flags, <c>pdFloor</c> the options' one floor for every class (null: the Basel III floors).</summary>
    /// <returns>The number of loans that asked for advanced IRB and were moved to foundation IRB (CRE30.34).</returns>
    public static int Apply(int n, ReadOnlySpan<AssetClass> assetClass, ReadOnlySpan<double> ead, ReadOnlySpan<double> drawn,
        ReadOnlySpan<double> undrawn, ReadOnlySpan<double> pd, ReadOnlySpan<double> lgd, ReadOnlySpan<double> maturity,
        ReadOnlySpan<double> sales, ReadOnlySpan<double> beel, RegulatoryColumns? regulatory, int regulatoryOffset, ReadOnlySpan<bool> regulatoryRetail,
        ValuationColumns result, double? pdFloor)
    {
        result.EnsureRegulatory();
        double floor = pdFloor ?? double.NaN;
        int forced = 0;
        var x = default(RegulatoryLoan);
        x.CollateralHaircut = double.NaN;
        x.GuarantorPd = double.NaN;
        x.Ltv = double.NaN;
        for (int i = 0; i < n; i++)
        {
            x.Class = assetClass[i];
            x.Ead = ead[i];
            x.Drawn = drawn.IsEmpty ? ead[i] : drawn[i];
            x.Undrawn = undrawn.IsEmpty ? 0.0 : undrawn[i];
            x.Pd = pd[i];
            x.Lgd = lgd[i];
            x.Maturity = maturity[i];
            x.Sales = sales[i];
            x.Beel = beel[i];
            regulatory?.Fill(regulatoryOffset + i, ref x);
            x.RegulatoryRetail = regulatoryRetail[i];
            result.Rwa[i] = Basel3Irb.RiskWeightedAssetsUnchecked(x, out double lgdUsed, out bool moved, floor);
            result.LgdUsed[i] = lgdUsed;
            result.RwaSa[i] = StandardisedApproach.RiskWeightedAssetsUnchecked(x, out double rw);
            result.RiskWeightSa[i] = rw;
            forced += moved ? 1 : 0;
        }

        result.FoundationForcedLoans = forced;
        return forced;
    }

    /// <summary>The regulatory retail flags of a whole book (CRE20.65), from its customers, classes, PDs, LTVs and SA exposures.</summary>
    public static bool[] RegulatoryRetail(LoanBook book, RegulatoryColumns? regulatory)
    {
        int n = book.Count;
        var candidate = new bool[n];
        var exposure = new double[n];
        var drawn = book.AccruingBalance;
        var undrawn = book.Undrawn;
        for (int i = 0; i < n; i++)
        {
            double ltv = regulatory is null ? double.NaN : regulatory.Ltv[i];
            candidate[i] = StandardisedApproach.IsRetailCandidate(book.AssetClass[i], book.Pd[i], ltv);
            exposure[i] = StandardisedApproach.GrossExposure(drawn[i], undrawn.IsEmpty ? 0.0 : undrawn[i]);
        }

        var result = new bool[n];
        StandardisedApproach.RegulatoryRetail(book.TextColumn(LoanColumns.CustomerId), candidate, exposure, result);
        return result;
    }
}
