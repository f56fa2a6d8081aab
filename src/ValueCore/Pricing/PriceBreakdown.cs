namespace ValueCore.Pricing;

/// <summary>
/// The minimum client rate of a deal and what it pays for, each part an annual rate on EAD:
/// <c>MinimumRate = Funding + ExpectedLoss + OperatingCost + Fees + CapitalCharge + Tax</c>.
/// </summary>
/// <param name="MinimumRate">The lowest annual client rate at which the deal reaches the target RAROC, a fraction.</param>
/// <param name="Funding">The funds transfer price, a fraction.</param>
/// <param name="ExpectedLoss">EL / EAD.</param>
/// <param name="OperatingCost">Opex / EAD.</param>
/// <param name="Fees">-fees / EAD (fee income lowers the rate needed; zero or negative).</param>
/// <param name="CapitalCharge">(target - capital rate) x EC / EAD: the hurdle on capital net of the return the capital earns.</param>
/// <param name="Tax">target x EC x tax / ((1 - tax) EAD): the tax on the profit that pays the hurdle.</param>
/// <param name="EconomicCapital">The capital used (standalone IRB or allocated), in currency.</param>
/// <param name="ExpectedLossAmount">Expected loss, in currency.</param>
/// <param name="TargetRaroc">The target RAROC, a fraction.</param>
/// <param name="Ead">Exposure at default, in currency.</param>
public readonly record struct PriceBreakdown(double MinimumRate, double Funding, double ExpectedLoss, double OperatingCost, double Fees,
    double CapitalCharge, double Tax, double EconomicCapital, double ExpectedLossAmount, double TargetRaroc, double Ead)
{
    /// <summary>The margin over the transfer price: MinimumRate - Funding, a fraction.</summary>
    public double Margin => MinimumRate - Funding;
}
