using ValueCore.Internal;
using ValueCore.Schedules;

namespace ValueCore.Impairment;

/// <summary>
/// The amortised-cost (effective interest method) schedule of dated cash flows at a given EIR: per period the opening
/// amortised cost, interest at the EIR, the cash received and the closing amortised cost.
/// </summary>
/// <remarks>IFRS 9 Appendix A ("amortised cost", "effective interest method") and 5.4.1: opening<sub>1</sub> = -a<sub>0</sub>
/// (the initial carrying amount); interest<sub>k</sub> = opening<sub>k</sub> [(1 + EIR)<sup>T<sub>k</sub> - T<sub>k-1</sub></sup> - 1];
/// closing<sub>k</sub> = opening<sub>k</sub> + interest<sub>k</sub> - a<sub>k</sub>; T the year fraction from the first date.
/// At the EIR solved from the same flows the last closing amount is zero up to rounding.</remarks>
public sealed class AmortisedCostSchedule
{
    private AmortisedCostSchedule(DateOnly[] dates, double[] opening, double[] interest, double[] cash, double[] closing)
    {
        _dates = dates;
        _opening = opening;
        _interest = interest;
        _cash = cash;
        _closing = closing;
    }

    private readonly DateOnly[] _dates;
    private readonly double[] _opening;
    private readonly double[] _interest;
    private readonly double[] _cash;
    private readonly double[] _closing;

    /// <summary>The number of periods (one per cash flow after the first).</summary>
    public int Count => _dates.Length;

    /// <summary>The end date of each period (the date of its cash flow).</summary>
    public ReadOnlySpan<DateOnly> Dates => _dates;

    /// <summary>Amortised cost at the start of each period, in currency.</summary>
    public ReadOnlySpan<double> Opening => _opening;

    /// <summary>Interest income at the EIR over each period, in currency.</summary>
    public ReadOnlySpan<double> Interest => _interest;

    /// <summary>Cash received at the end of each period, in currency.</summary>
    public ReadOnlySpan<double> Cash => _cash;

    /// <summary>Amortised cost at the end of each period, in currency.</summary>
    public ReadOnlySpan<double> Closing => _closing;

    /// <summary>Builds the schedule.</summary>
    /// <param name="dates">Cash-flow dates, ascending; the first is the initial recognition date.</param>
    /// <param name="amounts">Amounts from the lender's view: the first is minus the initial carrying amount, the rest receipts.</param>
    /// <param name="eir">The annual effective rate, in (-1, inf).</param>
    /// <param name="dayCount">The day count.</param>
    /// <returns>The schedule with dates.Length - 1 periods.</returns>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two flows, or dates are not ascending.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate or an amount is outside its range.</exception>
    public static AmortisedCostSchedule Build(ReadOnlySpan<DateOnly> dates, ReadOnlySpan<double> amounts, double eir, DayCount dayCount)
    {
        SpanGuard.SameLength(amounts, dates.Length);
        PresentValue.CheckEir(eir);
        DayCounts.CheckDayCount(dayCount);
        if (dates.Length < 2)
        {
            ThrowHelper.Argument(nameof(dates), "An amortised-cost schedule needs at least two cash flows.");
        }

        int n = dates.Length - 1;
        var d = new DateOnly[n];
        double[] opening = new double[n], interest = new double[n], cash = new double[n], closing = new double[n];
        double log = Math.Log(1.0 + eir);
        double balance = -amounts[0];
        double previousT = 0.0;
        for (int k = 1; k <= n; k++)
        {
            if (dates[k] < dates[k - 1])
            {
                ThrowHelper.Argument(nameof(dates), "Cash-flow dates must be ascending.");
            }

            if (!double.IsFinite(amounts[k]))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(amounts), amounts[k], "the finite numbers");
            }

            double t = DayCounts.YearFractionUnchecked(dayCount, dates[0], dates[k]);
            double i = balance * double.ExpM1((t - previousT) * log);
            d[k - 1] = dates[k];
            opening[k - 1] = balance;
            interest[k - 1] = i;
            cash[k - 1] = amounts[k];
            balance = balance + i - amounts[k];
            closing[k - 1] = balance;
            previousT = t;
        }

        return new AmortisedCostSchedule(d, opening, interest, cash, closing);
    }
}
