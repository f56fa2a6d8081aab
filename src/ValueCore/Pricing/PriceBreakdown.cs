namespace ValueCore.Pricing;

/// <summary>
/// The minimum client rate of a deal and what it pays for, each part an annual rate on the drawn balance the client rate
/// accrues on (<see cref="Drawn"/>, the EAD when no drawn balance is given):
/// <c>MinimumRate = Funding + ExpectedLoss + OperatingCost + Fees + UndrawnCharge + CapitalCharge + Tax</c>.
/// </summary>
/// <param name="MinimumRate">The lowest annual client rate at which the deal reaches the target RAROC, a fraction.</param>
/// <param name="Funding">The funds transfer price, a fraction.</param>
/// <param name="ExpectedLoss">EL / drawn (EL itself is on EAD).</param>
/// <param name="OperatingCost">Opex / drawn.</param>
/// <param name="Fees">-fees / drawn (fee income lowers the rate needed; zero or negative).</param>
/// <param name="CapitalCharge">(target - capital rate) x EC / drawn: the hurdle on capital (on EAD) net of the return the capital earns.</param>
/// <param name="Tax">target x EC x tax / ((1 - tax) drawn): the tax on the profit that pays the hurdle.</param>
/// <param name="EconomicCapital">The capital used (standalone IRB or allocated), in currency.</param>
/// <param name="ExpectedLossAmount">Expected loss, in currency.</param>
/// <param name="TargetRaroc">The target RAROC, a fraction.</param>
/// <param name="Ead">Exposure at default, in currency (capital and EL are on it).</param>
public readonly record struct PriceBreakdown(double MinimumRate, double Funding, double ExpectedLoss, double OperatingCost, double Fees,
    double CapitalCharge, double Tax, double EconomicCapital, double ExpectedLossAmount, double TargetRaroc, double Ead)
{
    /// <summary>The balance the client rate accrues on, in currency: the drawn balance, or <see cref="Ead"/> when none was given (default).</summary>
    public double Drawn { get; init; } = Ead;

    /// <summary>undrawn x (undrawn FTP rate - commitment fee) / drawn: the liquidity charge on the undrawn commitment net of
    /// the commitment fee it earns (negative when the fee is larger); 0 (default) without undrawn commitment.</summary>
    public double UndrawnCharge { get; init; }

    /// <summary>The margin over the transfer price: MinimumRate - Funding, a fraction.</summary>
    public double Margin => MinimumRate - Funding;
}
