using ValueCore.Internal;
using ValueCore.Schedules;

namespace ValueCore.Impairment;

/// <summary>
/// Individual (DCF) impairment of credit-impaired loans: the allowance is the gross carrying amount less the
/// probability-weighted present value of expected cash flows discounted at the original effective interest rate.
/// </summary>
/// <remarks>
/// <para>PV<sub>s</sub> = sum<sub>c</sub> a<sub>c</sub> (1 + EIR)<sup>-t<sub>c</sub></sup>, t<sub>c</sub> the year fraction
/// from the reporting date to the flow date; PV = sum<sub>s</sub> p<sub>s</sub> PV<sub>s</sub>;
/// allowance = carrying - PV clamped to [0, carrying], with <see cref="ImpairmentNote.PvAboveCarrying"/> when PV &gt; carrying
/// and <see cref="ImpairmentNote.NegativePvCapped"/> when expected costs exceed recoveries (PV &lt; 0).</para>
/// <para>Sources: IFRS 9 5.5.3, 5.5.17-5.5.19, B5.5.28-B5.5.29 (probability-weighted cash shortfalls), B5.5.33
/// (credit-impaired assets: gross carrying amount less PV of estimated cash flows at the original EIR), B5.5.55
/// (collateral realisation net of costs to obtain and sell); IAS 39 paragraph 63 and AG84.</para>
/// <para>Loans are valued in fixed chunks in parallel and totals are reduced in chunk order, so the results are
/// bit-identical for any thread count.</para>
/// </remarks>
public static class ImpairmentCalculation
{
    internal const int ChunkSize = 1024;

    /// <summary>Measures a book: every loan valued (<see cref="Run"/>), the allowance rolled forward over the options'
    /// <see cref="ImpairmentOptions.RollForwardDates"/> when there are any (<see cref="AllowanceRollForward.Run"/>), and the
    /// summary counts. The book-level entry point: build the book in memory with <see cref="ImpairmentBookBuilder"/> or
    /// read it from files.</summary>
    /// <param name="book">The validated book (its rejections, if any, are the caller's to report).</param>
    /// <param name="maxDegreeOfParallelism">The most threads; null or -1 for all cores. The result does not depend on it.</param>
    /// <returns>The measurement.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static ImpairmentMeasurement Measure(ImpairmentBook book, int? maxDegreeOfParallelism = null)
    {
        var result = Run(book, maxDegreeOfParallelism);
        var rollForward = book.Options.RollForwardDates.Count > 0 ? AllowanceRollForward.Run(result, maxDegreeOfParallelism) : null;
        return new ImpairmentMeasurement(result, rollForward);
    }

    /// <summary>Values every loan of a book.</summary>
    /// <param name="book">The validated book.</param>
    /// <param name="maxDegreeOfParallelism">The most threads; null or -1 for all cores.</param>
    /// <returns>The per-loan results.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static ImpairmentResult Run(ImpairmentBook book, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(book);
        int dop = CheckParallelism(maxDegreeOfParallelism);
        int n = book.Count;
        var pv = new double[n];
        var allowance = new double[n];
        var coverage = new double[n];
        var notes = new ImpairmentNote[n];
        var scenarioPv = new double[book.ScenarioNames.Length];
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        var partial = new (NeumaierSum Carrying, NeumaierSum Pv, NeumaierSum Allowance)[chunks];
        var dayCount = book.Options.DayCount;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = dop }, c =>
        {
            int end = Math.Min(n, (c + 1) * ChunkSize);
            var sums = default((NeumaierSum Carrying, NeumaierSum Pv, NeumaierSum Allowance));
            for (int i = c * ChunkSize; i < end; i++)
            {
                double carrying = book.Carrying[i];
                double value = 0.0;
                var note = ImpairmentNote.None;
                if (book.HasInitialSet(i))
                {
                    int set = book.SetStart[i];
                    value = SetPresentValue(book, set, book.ReportingDays[i], book.Eirs[i], dayCount, scenarioPv);
                }
                else
                {
                    note = ImpairmentNote.NoScenariosZeroPv;
                }

                double a = carrying - value;
                if (a < 0.0)
                {
                    a = 0.0;
                    note |= ImpairmentNote.PvAboveCarrying;
                }
                else if (value < 0.0)
                {
                    a = carrying;
                    note |= ImpairmentNote.NegativePvCapped;
                }

                pv[i] = value;
                allowance[i] = a;
                coverage[i] = carrying > 0.0 ? a / carrying : double.NaN;
                notes[i] = note;
                sums.Carrying.Add(carrying);
                sums.Pv.Add(value);
                sums.Allowance.Add(a);
            }

            partial[c] = sums;
        });

        var total = default((NeumaierSum Carrying, NeumaierSum Pv, NeumaierSum Allowance));
        foreach (var p in partial)
        {
            total.Carrying.Add(p.Carrying);
            total.Pv.Add(p.Pv);
            total.Allowance.Add(p.Allowance);
        }

        return new ImpairmentResult(book, pv, allowance, coverage, notes, scenarioPv, total.Carrying.Value, total.Pv.Value, total.Allowance.Value);
    }

    /// <summary>Probability-weighted PV of estimate set <paramref name="set"/> at day <paramref name="valuationDay"/>; writes each scenario's PV.</summary>
    internal static double SetPresentValue(ImpairmentBook book, int set, int valuationDay, double eir, DayCount dayCount, Span<double> scenarioPv)
    {
        double log = Math.Log(1.0 + eir);
        double total = 0.0;
        int s1 = book.SetScenarioStart[set + 1];
        for (int s = book.SetScenarioStart[set]; s < s1; s++)
        {
            double sum = ScenarioPresentValue(book.FlowDay.AsSpan(book.FlowStart[s], book.FlowStart[s + 1] - book.FlowStart[s]),
                book.FlowAmount.AsSpan(book.FlowStart[s], book.FlowStart[s + 1] - book.FlowStart[s]), valuationDay, log, dayCount);
            if (!scenarioPv.IsEmpty)
            {
                scenarioPv[s] = sum;
            }

            total += book.Probabilities[s] * sum;
        }

        return total;
    }

    internal static double ScenarioPresentValue(ReadOnlySpan<int> days, ReadOnlySpan<double> amounts, int valuationDay, double logGrowth, DayCount dayCount)
    {
        double sum = 0.0;
        if (dayCount == DayCount.Act365Fixed)
        {
            double k = -logGrowth / 365.0;
            for (int f = 0; f < days.Length; f++)
            {
                sum += amounts[f] * Math.Exp(k * (days[f] - valuationDay));
            }
        }
        else
        {
            for (int f = 0; f < days.Length; f++)
            {
                sum += amounts[f] * Math.Exp(-logGrowth * DayCounts.YearFractionUnchecked(dayCount, valuationDay, days[f]));
            }
        }

        return sum;
    }

    internal static int CheckParallelism(int? maxDegreeOfParallelism)
    {
        int dop = maxDegreeOfParallelism ?? -1;
        if (dop == 0 || dop < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), dop, "Use -1 (all cores) or a positive number.");
        }

        return dop;
    }
}
