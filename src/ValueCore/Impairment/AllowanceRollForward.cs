using ValueCore.Schedules;

namespace ValueCore.Impairment;

/// <summary>
/// Rolls each loan's allowance forward over later reporting dates: unwinding of the discount (interest income on the
/// net carrying amount at the original EIR), remeasurement when new expected cash flows are supplied, write-offs and
/// closing balances.
/// </summary>
/// <remarks>
/// <para>Per period (D<sub>k-1</sub>, D<sub>k</sub>], with T the year fraction from the reporting date and g(x) = (1 + EIR)<sup>x</sup>:
/// the expected cash of the estimate in force is received as expected (probability-weighted), C<sub>k</sub> = sum p a;
/// interest income I<sub>k</sub> = NCA<sub>k-1</sub> [g(T<sub>k</sub> - T<sub>k-1</sub>) - 1] - sum p a [g(T<sub>k</sub> - t<sub>c</sub>) - 1]
/// (interest on the net carrying amount, which falls as cash arrives); gross G<sub>k</sub> = G<sub>k-1</sub> - C<sub>k</sub>;
/// N<sub>k</sub> = PV at D<sub>k</sub> of the cash still expected (the new estimate when one is dated D<sub>k</sub>);
/// target allowance max(0, G<sub>k</sub> - N<sub>k</sub>); unwind = -min(I<sub>k</sub>, opening) (the release of the allowance;
/// interest beyond the allowance, which arises only when expected cash exceeds the gross amount, accrues to the gross
/// amount); remeasurement = target - (opening + unwind); when nothing more is expected the remaining gross amount is
/// written off against the allowance (a negative write-off means recoveries exceeded the gross carrying amount).</para>
/// <para>This is the IAS 39 AG93 / IFRS 9 5.4.1(b) presentation: interest on a credit-impaired asset accrues at the
/// original EIR on the amortised cost net of the allowance; the unwinding releases the allowance. When PV and carrying
/// amount agree at the start and no estimate changes, the net carrying amount plus the interest recognised equals the
/// cash recovered over the life, and the remeasurement is zero.</para>
/// </remarks>
public static class AllowanceRollForward
{
    /// <summary>Rolls the allowance of every loan forward over <see cref="ImpairmentOptions.RollForwardDates"/> of the book.</summary>
    /// <param name="initial">The impairment at the reporting date (from <see cref="ImpairmentCalculation.Run"/>).</param>
    /// <param name="maxDegreeOfParallelism">The most threads; null or -1 for all cores.</param>
    /// <returns>The roll-forward.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="initial"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static RollForwardResult Run(ImpairmentResult initial, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        int dop = ImpairmentCalculation.CheckParallelism(maxDegreeOfParallelism);
        var book = initial.Book;
        var dates = book.Options.RollForwardDates.ToArray();
        int n = book.Count, m = dates.Length;
        var columns = new double[9][];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = new double[n * m];
        }

        int chunks = (n + ImpairmentCalculation.ChunkSize - 1) / ImpairmentCalculation.ChunkSize;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = dop }, c =>
        {
            int end = Math.Min(n, (c + 1) * ImpairmentCalculation.ChunkSize);
            double[] weighted = new double[256], amount = new double[256];
            for (int i = c * ImpairmentCalculation.ChunkSize; i < end; i++)
            {
                RollLoan(book, initial.Allowance[i], i, dates, columns, ref weighted, ref amount);
            }
        });

        return new RollForwardResult(initial, dates, columns);
    }

    /// <summary>Per flow of estimate set <paramref name="set"/>: p a (discounted to the reporting date) and p a.</summary>
    private static void Weights(ImpairmentBook book, int set, int rep, double log, DayCount dc, ref double[] weighted, ref double[] amount)
    {
        int f0 = book.FlowStart[book.SetScenarioStart[set]], f1 = book.FlowStart[book.SetScenarioStart[set + 1]];
        if (weighted.Length < f1 - f0)
        {
            weighted = new double[Math.Max(f1 - f0, 2 * weighted.Length)];
            amount = new double[weighted.Length];
        }

        for (int s = book.SetScenarioStart[set]; s < book.SetScenarioStart[set + 1]; s++)
        {
            double p = book.Probabilities[s];
            for (int f = book.FlowStart[s]; f < book.FlowStart[s + 1]; f++)
            {
                double a = p * book.FlowAmount[f];
                amount[f - f0] = a;
                weighted[f - f0] = a * Math.Exp(-DayCounts.YearFractionUnchecked(dc, rep, book.FlowDay[f]) * log);
            }
        }
    }

    private static void RollLoan(ImpairmentBook book, double allowance, int i, DateOnly[] dates, double[][] col, ref double[] weighted, ref double[] amount)
    {
        var dc = book.Options.DayCount;
        int rep = book.ReportingDays[i];
        double log = Math.Log(1.0 + book.Eirs[i]);
        double gross = book.Carrying[i];
        int setEnd = book.SetStart[i + 1];
        int set = book.HasInitialSet(i) ? book.SetStart[i] : -1;
        int nextSet = book.HasInitialSet(i) ? set + 1 : book.SetStart[i];
        int prevDay = rep;
        double prevT = 0.0;
        int m = dates.Length;
        int weightsFor = -1;
        for (int k = 0; k < m; k++)
        {
            int day = dates[k].DayNumber;
            double t = DayCounts.YearFractionUnchecked(dc, rep, day);
            double nca = gross - allowance;
            double cash = 0.0, receivedWeight = 0.0, remainingWeight = 0.0;
            bool remaining = false;
            if (set >= 0)
            {
                if (weightsFor != set)
                {
                    Weights(book, set, rep, log, dc, ref weighted, ref amount);
                    weightsFor = set;
                }

                bool includeStart = book.SetAsOfDay[set] == prevDay;
                int f0 = book.FlowStart[book.SetScenarioStart[set]], f1 = book.FlowStart[book.SetScenarioStart[set + 1]];
                ReadOnlySpan<int> days = book.FlowDay.AsSpan(f0, f1 - f0);
                ReadOnlySpan<double> w = weighted.AsSpan(0, days.Length), pa = amount.AsSpan(0, days.Length);
                int received = includeStart ? prevDay - 1 : prevDay;
                for (int f = 0; f < days.Length; f++)
                {
                    int d = days[f];
                    if (d > day)
                    {
                        remainingWeight += w[f];
                        remaining = true;
                    }
                    else if (d > received)
                    {
                        cash += pa[f];
                        receivedWeight += w[f];
                    }
                }
            }

            // With w = p a (1 + EIR)^-t_c: PV at D_k of the rest = g(T_k) sum w; interest accrued on the cash received
            // in the period up to D_k = g(T_k) sum w - C.
            double growth = Math.Exp(t * log);
            double remainingPv = growth * remainingWeight;
            double accrued = (growth * receivedWeight) - cash;
            double interest = (nca * double.ExpM1((t - prevT) * log)) - accrued;

            // The unwind releases the allowance; interest beyond it (PV above the gross amount) accrues to the gross amount.
            double release = interest > 0.0 ? Math.Min(interest, Math.Max(allowance, 0.0)) : interest;
            gross += interest - release - cash;
            double expected = remainingPv;
            bool newEstimate = nextSet < setEnd && book.SetAsOfDay[nextSet] == day;
            if (newEstimate)
            {
                set = nextSet++;
                expected = ImpairmentCalculation.SetPresentValue(book, set, day, book.Eirs[i], dc, []);
                remaining = book.FlowStart[book.SetScenarioStart[set + 1]] > book.FlowStart[book.SetScenarioStart[set]];
            }

            double target = Math.Clamp(gross - expected, 0.0, Math.Max(gross, 0.0));
            double writeOff = remaining ? 0.0 : gross;
            // Without a new estimate and with no floor binding the allowance moves by the unwind only: the
            // remeasurement is exactly zero instead of a rounding residue.
            bool unchanged = remaining && !newEstimate && target == gross - expected;
            double closing = !remaining ? 0.0 : unchanged ? allowance - release : target;
            double remeasurement = unchanged ? 0.0 : closing + writeOff - (allowance - release);
            gross -= writeOff;
            int x = (i * m) + k;
            col[0][x] = allowance;
            col[1][x] = 0.0 - release;
            col[2][x] = remeasurement;
            col[3][x] = writeOff;
            col[4][x] = closing;
            col[5][x] = cash;
            col[6][x] = interest;
            col[7][x] = gross;
            col[8][x] = gross - closing;
            allowance = closing;
            prevDay = day;
            prevT = t;
        }
    }
}
