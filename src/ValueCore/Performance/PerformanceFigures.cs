namespace ValueCore.Performance;

/// <summary>
/// The value figures of a loan or a group of loans, in currency: the sums a scorecard ranks and an EVA change is
/// explained from.
/// </summary>
/// <param name="Ead">Exposure at default.</param>
/// <param name="Revenue">Revenue net of the funds transfer price: EAD (rate - FTP) + fees.</param>
/// <param name="ExpectedLoss">Expected loss.</param>
/// <param name="OperatingCost">Operating cost (opex).</param>
/// <param name="EconomicCapital">Standalone economic capital.</param>
/// <param name="Return">After-tax risk-adjusted return.</param>
/// <param name="Eva">EVA on standalone capital: return - hurdle x EC.</param>
/// <param name="AllocatedCapital">Allocated capital (e.g. from a portfolio model); NaN when not known.</param>
/// <param name="AllocatedEva">EVA on allocated capital: return - hurdle x allocated capital; NaN when not known.</param>
public readonly record struct PerformanceFigures(double Ead, double Revenue, double ExpectedLoss, double OperatingCost, double EconomicCapital,
    double Return, double Eva, double AllocatedCapital, double AllocatedEva)
{
    /// <summary>The figures of one valued loan, the rule a scorecard over a valuation and the <c>scorecard</c> batch share:
    /// operating cost = revenue - EL + capital rate x EC - pre-tax return (what the valuation charged), allocated EVA =
    /// return - hurdle x allocated capital (NaN when no allocated capital is known).</summary>
    internal static PerformanceFigures OfLoan(double ead, double revenue, double el, double ec, double preTaxReturn, double ret, double eva,
        double capitalRate, double allocatedCapital, double hurdle) =>
        new(ead, revenue, el, revenue - el + (capitalRate * ec) - preTaxReturn, ec, ret, eva, allocatedCapital,
            double.IsNaN(allocatedCapital) ? double.NaN : ret - (hurdle * allocatedCapital));

    /// <summary>RAROC on standalone capital, return / EC; null when EC = 0 (not defined).</summary>
    public double? Raroc => EconomicCapital > 0.0 ? Return / EconomicCapital : null;

    /// <summary>The spread of RAROC over the hurdle, EVA / EC (= RAROC - capital-weighted hurdle); null when EC = 0.</summary>
    public double? SpreadOverHurdle => EconomicCapital > 0.0 ? Eva / EconomicCapital : null;

    /// <summary>The capital-weighted hurdle, (return - EVA) / EC; null when EC = 0.</summary>
    public double? Hurdle => EconomicCapital > 0.0 ? (Return - Eva) / EconomicCapital : null;

    /// <summary>RAROC on allocated capital; null when allocated capital is unknown or 0.</summary>
    public double? AllocatedRaroc => AllocatedCapital > 0.0 ? Return / AllocatedCapital : null;

    /// <summary>The spread over the hurdle on allocated capital, allocated EVA / allocated capital; null when unknown or 0.</summary>
    public double? AllocatedSpreadOverHurdle => AllocatedCapital > 0.0 ? AllocatedEva / AllocatedCapital : null;
}
