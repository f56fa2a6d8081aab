using ValueCore.Internal;

namespace ValueCore.Performance;

/// <summary>Customer relationships: a customer's loans together plus the revenue of the rest of the relationship.</summary>
/// <remarks>Other revenue R (deposits' funding credit, fees from other products; annual, pre-tax, net of its own
/// direct cost) raises revenue by R and return and EVA by (1 - t) R; it needs no capital of its own here, so
/// relationship RAROC = (return + (1 - t) R) / EC. See docs/performance-and-pricing.md.</remarks>
public static class Relationship
{
    /// <summary>A customer's figures with the other revenue of the relationship added.</summary>
    /// <param name="loans">The sum of the customer's loans.</param>
    /// <param name="otherRevenue">Other annual revenue of the relationship, pre-tax, in currency.</param>
    /// <param name="taxRate">The tax rate, in [0, 1).</param>
    /// <returns>The relationship's figures.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The revenue is not finite or the tax rate is outside [0, 1).</exception>
    public static PerformanceFigures WithOtherRevenue(in PerformanceFigures loans, double otherRevenue, double taxRate)
    {
        if (!double.IsFinite(otherRevenue))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(otherRevenue), otherRevenue, "the finite numbers");
        }

        if (!(taxRate >= 0.0 && taxRate < 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(taxRate), taxRate, "[0, 1)");
        }

        double afterTax = (1.0 - taxRate) * otherRevenue;
        return loans with
        {
            Revenue = loans.Revenue + otherRevenue,
            Return = loans.Return + afterTax,
            Eva = loans.Eva + afterTax,
            AllocatedEva = loans.AllocatedEva + afterTax,
        };
    }
}
