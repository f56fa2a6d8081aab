using System.Globalization;
using ValueCore.Internal;
using ValueCore.Schedules;

namespace ValueCore.Impairment;

/// <summary>
/// The effective interest rate (EIR): the annual effective rate that discounts a loan's contractual cash flows to
/// zero net present value, the first (negative) flow being the initial carrying amount paid out.
/// </summary>
/// <remarks>
/// <para>IFRS 9 Appendix A and B5.4.1-B5.4.3: the rate that exactly discounts estimated future cash receipts through the
/// expected life to the gross carrying amount; fees that are an integral part of the rate and transaction costs are
/// included in the initial amount. Discounting is annual-effective: a flow t years after the first is multiplied by
/// (1 + EIR)<sup>-t</sup>, t the year fraction under the chosen <see cref="DayCount"/>.</para>
/// <para>Solver: NPV(r) = sum a<sub>i</sub> (1 + r)<sup>-t<sub>i</sub></sup> is evaluated on a fixed grid of rates in
/// (-1, 1e6), outward from r = 0; the first bracket with a sign change (the one nearest to r = 0) is refined by Newton steps safeguarded by bisection
/// (a step leaving the bracket or not halving the previous step is replaced by bisection), until the last step is
/// below <see cref="Tolerance"/> / 2, the bracket is narrower than <see cref="Tolerance"/>, or NPV is exactly 0. No sign change or no convergence is reported, never NaN.
/// With one sign change in the flows (a conventional loan) the root is unique (Descartes' rule of signs in
/// v = (1 + r)<sup>-1</sup> for equally spaced flows; NPV is monotone in r whenever all later flows share a sign).</para>
/// </remarks>
public static class EffectiveInterestRate
{
    /// <summary>The absolute tolerance on the rate: the solver stops when the bracket is narrower than this.</summary>
    public const double Tolerance = 1e-12;

    /// <summary>The most root-finder iterations before <see cref="EirFailure.NoConvergence"/>.</summary>
    public const int MaxIterations = 300;

    private static readonly double[] s_grid =
    [
        -0.999999, -0.99, -0.95, -0.9, -0.8, -0.6, -0.4, -0.25, -0.15, -0.1, -0.05, -0.02, 0.0, 0.02, 0.05, 0.1, 0.15,
        0.25, 0.4, 0.6, 1.0, 1.5, 2.5, 5.0, 10.0, 30.0, 100.0, 1000.0, 1e6,
    ];

    private static readonly int s_zeroIndex = Array.IndexOf(s_grid, 0.0);

    /// <summary>Solves the EIR of dated cash flows.</summary>
    /// <param name="loanId">The loan, named in any error.</param>
    /// <param name="dates">Cash-flow dates, ascending (equal dates allowed); the first is time 0.</param>
    /// <param name="amounts">Amounts in currency from the lender's view: the initial carrying amount paid out is negative, receipts positive.</param>
    /// <param name="dayCount">The day count for the year fractions.</param>
    /// <returns>The EIR, an annual effective rate as a fraction, in (-1, 1e6).</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="EffectiveInterestRateException">No rate solves the flows (reason in <see cref="EffectiveInterestRateException.Failure"/>).</exception>
    public static double Solve(string loanId, ReadOnlySpan<DateOnly> dates, ReadOnlySpan<double> amounts, DayCount dayCount)
    {
        ArgumentNullException.ThrowIfNull(loanId);
        SpanGuard.SameLength(amounts, dates.Length);
        DayCounts.CheckDayCount(dayCount);
        Span<double> times = dates.Length <= 512 ? stackalloc double[dates.Length] : new double[dates.Length];
        for (int i = 0; i < dates.Length; i++)
        {
            times[i] = DayCounts.YearFractionUnchecked(dayCount, dates[0], dates[i]);
        }

        return Solve(loanId, times, amounts);
    }

    /// <summary>Solves the EIR of cash flows at given times.</summary>
    /// <param name="loanId">The loan, named in any error.</param>
    /// <param name="timesYears">Times of the flows in years from the first, ascending, finite.</param>
    /// <param name="amounts">Amounts in currency (initial amount negative, receipts positive).</param>
    /// <returns>The EIR, an annual effective rate, in (-1, 1e6).</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="EffectiveInterestRateException">No rate solves the flows.</exception>
    public static double Solve(string loanId, ReadOnlySpan<double> timesYears, ReadOnlySpan<double> amounts)
    {
        ArgumentNullException.ThrowIfNull(loanId);
        SpanGuard.SameLength(amounts, timesYears.Length);
        var failure = TrySolve(timesYears, amounts, out double eir, out _);
        if (failure != EirFailure.None)
        {
            throw new EffectiveInterestRateException(loanId, failure, Describe(failure, timesYears, amounts));
        }

        return eir;
    }

    /// <summary>Solves the EIR without throwing, for batch paths.</summary>
    /// <param name="timesYears">Times of the flows in years, ascending, finite.</param>
    /// <param name="amounts">Amounts in currency, same length.</param>
    /// <param name="eir">The EIR when found; 0 otherwise (never NaN).</param>
    /// <param name="iterations">Root-finder iterations used.</param>
    /// <returns><see cref="EirFailure.None"/> on success, else the reason.</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public static EirFailure TrySolve(ReadOnlySpan<double> timesYears, ReadOnlySpan<double> amounts, out double eir, out int iterations)
    {
        SpanGuard.SameLength(amounts, timesYears.Length);
        eir = 0.0;
        iterations = 0;
        if (!ValidFlows(timesYears, amounts))
        {
            return EirFailure.InvalidCashFlows;
        }

        // NPV on the grid, evaluated lazily outward from r = 0; the first bracket with a sign change (nearest to 0,
        // lower side first on ties) is refined. Unevaluated points hold NaN internally; NaN never leaves this method.
        Span<double> values = stackalloc double[s_grid.Length];
        values.Fill(double.NaN);
        int bracket = -1;
        for (int d = 0; d < s_grid.Length && bracket < 0; d++)
        {
            foreach (int lo in (ReadOnlySpan<int>)[s_zeroIndex - 1 - d, s_zeroIndex + d])
            {
                if (lo < 0 || lo + 1 >= s_grid.Length)
                {
                    continue;
                }

                double fLo = GridValue(timesYears, amounts, values, lo), fHi = GridValue(timesYears, amounts, values, lo + 1);
                if (fLo == 0.0 || fHi == 0.0)
                {
                    eir = fLo == 0.0 ? s_grid[lo] : s_grid[lo + 1];
                    return EirFailure.None;
                }

                if (double.IsFinite(fLo) && double.IsFinite(fHi) && Math.Sign(fLo) != Math.Sign(fHi))
                {
                    bracket = lo;
                    break;
                }
            }
        }

        if (bracket < 0)
        {
            return EirFailure.NoSignChange;
        }

        return Refine(timesYears, amounts, s_grid[bracket], values[bracket], s_grid[bracket + 1], out eir, out iterations);
    }

    /// <summary>The net present value of flows at an annual effective rate.</summary>
    /// <param name="timesYears">Times in years, finite.</param>
    /// <param name="amounts">Amounts in currency.</param>
    /// <param name="rate">The annual effective rate, &gt; -1.</param>
    /// <returns>NPV = sum a<sub>i</sub> (1 + rate)<sup>-t<sub>i</sub></sup>, in currency.</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not in (-1, inf).</exception>
    public static double NetPresentValue(ReadOnlySpan<double> timesYears, ReadOnlySpan<double> amounts, double rate)
    {
        SpanGuard.SameLength(amounts, timesYears.Length);
        if (!(rate > -1.0 && double.IsFinite(rate)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(rate), rate, "(-1, inf)");
        }

        return Npv(timesYears, amounts, Math.Log(1.0 + rate));
    }

    /// <summary>A sentence explaining a failure with the numbers behind it (for error messages and reject files).</summary>
    /// <param name="failure">The failure.</param>
    /// <param name="times">The times of the flows, in years.</param>
    /// <param name="amounts">The amounts, in currency.</param>
    /// <returns>The explanation.</returns>
    public static string Describe(EirFailure failure, ReadOnlySpan<double> times, ReadOnlySpan<double> amounts)
    {
        double sum = 0.0;
        int positive = 0, negative = 0;
        foreach (double a in amounts)
        {
            sum += a;
            positive += a > 0 ? 1 : 0;
            negative += a < 0 ? 1 : 0;
        }

        var ci = CultureInfo.InvariantCulture;
        return failure switch
        {
            EirFailure.InvalidCashFlows => string.Create(ci,
                $"{amounts.Length} flows ({negative} negative, {positive} positive); need at least one of each sign, finite amounts and ascending dates"),
            EirFailure.NoSignChange => string.Create(ci,
                $"the net present value keeps one sign for every rate in (-1, 1e6) (undiscounted sum {sum:R} over {times.Length} flows)"),
            _ => string.Create(ci, $"no convergence to {Tolerance:R} within {MaxIterations} iterations"),
        };
    }

    private static double GridValue(ReadOnlySpan<double> times, ReadOnlySpan<double> amounts, Span<double> values, int g)
    {
        if (double.IsNaN(values[g]))
        {
            double v = Npv(times, amounts, Math.Log(1.0 + s_grid[g]));
            values[g] = double.IsNaN(v) ? double.PositiveInfinity : v; // overflow (inf - inf) counts as unusable, not as unevaluated
        }

        return values[g];
    }

    private static bool ValidFlows(ReadOnlySpan<double> times, ReadOnlySpan<double> amounts)
    {
        if (times.Length < 2)
        {
            return false;
        }

        bool positive = false, negative = false;
        for (int i = 0; i < times.Length; i++)
        {
            if (!double.IsFinite(times[i]) || !double.IsFinite(amounts[i]) || (i > 0 && times[i] < times[i - 1]))
            {
                return false;
            }

            positive |= amounts[i] > 0;
            negative |= amounts[i] < 0;
        }

        return positive && negative;
    }

    /// <summary>NPV at log-rate x = ln(1 + r): sum a exp(-t x).</summary>
    private static double Npv(ReadOnlySpan<double> times, ReadOnlySpan<double> amounts, double logRate)
    {
        var sum = default(NeumaierSum);
        for (int i = 0; i < times.Length; i++)
        {
            sum.Add(amounts[i] * Math.Exp(-times[i] * logRate));
        }

        return sum.Value;
    }

    private static EirFailure Refine(ReadOnlySpan<double> times, ReadOnlySpan<double> amounts, double lo, double fLo, double hi,
        out double root, out int iterations)
    {
        // Newton on r inside the bracket [lo, hi]; a step that leaves the bracket or does not halve the previous step
        // (|2 f| > |dxOld f'|) is replaced by bisection, so convergence is never slower than bisection.
        double x = 0.5 * (lo + hi);
        double dx = hi - lo, dxOld = dx;
        for (iterations = 1; iterations <= MaxIterations; iterations++)
        {
            double logRate = Math.Log(1.0 + x);
            var f = default(NeumaierSum);
            double df = 0.0;
            for (int i = 0; i < times.Length; i++)
            {
                double v = amounts[i] * Math.Exp(-times[i] * logRate);
                f.Add(v);
                df -= times[i] * v;
            }

            double fx = f.Value;
            df /= 1.0 + x;
            if (fx == 0.0)
            {
                root = x;
                return EirFailure.None;
            }

            if (Math.Sign(fx) == Math.Sign(fLo))
            {
                lo = x;
                fLo = fx;
            }
            else
            {
                hi = x;
            }

            double next = x - (fx / df);
            if (df == 0.0 || !(next > lo && next < hi) || Math.Abs(2.0 * fx) > Math.Abs(dxOld * df))
            {
                dxOld = dx;
                dx = 0.5 * (hi - lo);
                x = lo + dx;
            }
            else
            {
                dxOld = dx;
                dx = x - next;
                x = next;
            }

            if (Math.Abs(dx) <= 0.5 * Tolerance || hi - lo <= Tolerance)
            {
                root = x;
                return EirFailure.None;
            }
        }

        root = 0.0;
        return EirFailure.NoConvergence;
    }
}
