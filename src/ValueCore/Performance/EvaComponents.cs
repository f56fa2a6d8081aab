namespace ValueCore.Performance;

/// <summary>
/// EVA split into the parts its drivers act on, all after tax and in currency:
/// EVA = Margin - ExpectedLoss - OperatingCost - CapitalCharge.
/// </summary>
/// <param name="Volume">Volume (EAD), &gt;= 0.</param>
/// <param name="Margin">(1 - t) x revenue net of FTP.</param>
/// <param name="ExpectedLoss">(1 - t) x expected loss.</param>
/// <param name="OperatingCost">(1 - t) x operating cost.</param>
/// <param name="CapitalCharge">hurdle x EC - (1 - t) x capital rate x EC: the cost of capital net of what the capital earns.</param>
public readonly record struct EvaComponents(double Volume, double Margin, double ExpectedLoss, double OperatingCost, double CapitalCharge)
{
    /// <summary>EVA = Margin - ExpectedLoss - OperatingCost - CapitalCharge.</summary>
    public double Eva => Margin - ExpectedLoss - OperatingCost - CapitalCharge;

    /// <summary>The components of a group from its figures.</summary>
    /// <param name="figures">The summed figures (revenue, EL, opex, EC, return, EVA).</param>
    /// <param name="taxRate">The tax rate of the valuation, in [0, 1).</param>
    /// <returns>The components; the capital charge is (1 - t)(revenue - EL - opex) - EVA, so that the identity holds.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The tax rate is outside [0, 1).</exception>
    public static EvaComponents From(in PerformanceFigures figures, double taxRate)
    {
        if (!(taxRate >= 0.0 && taxRate < 1.0))
        {
            Internal.ThrowHelper.ArgumentOutOfRange(nameof(taxRate), taxRate, "[0, 1)");
        }

        double a = 1.0 - taxRate;
        double margin = a * figures.Revenue, el = a * figures.ExpectedLoss, cost = a * figures.OperatingCost;
        return new EvaComponents(figures.Ead, margin, el, cost, margin - el - cost - figures.Eva);
    }
}
