using System.Globalization;
using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// The cohort (discrete-time) estimator: the share of entities in state i at a period start that are in state j at
/// its end, count- or balance-weighted, pooled over consecutive periods (or averaged), each period also reported.
/// </summary>
/// <remarks>
/// <para>Pooled: p_ij = sum_k N_ij(k) / sum_k N_i(k), N_ij(k) the (weighted) number of entities in i at the start of
/// period k and in j at its end, N_i(k) = sum_j N_ij(k). An entity counts in a period only when observed at both its
/// ends (first row &lt;= start, end &lt;= last row, or end &lt; the time of its censoring row; an entity whose last row is
/// an absorbing state stays observed in it); its state at a time is that of its latest row at or before it. Balance weighting uses the balance of that row at the period start.</para>
/// <para>Periods start at <see cref="CohortOptions.From"/> (default: the first observation) and step by calendar
/// months for date histories (same day of month, clipped to the month's end) or by the period length in years;
/// only periods ending on or before <see cref="CohortOptions.To"/> (default: the last observation) are used.</para>
/// <para>Work is split into fixed chunks of entities whose counts are added in chunk order, so the result is
/// bit-identical for any number of threads. Reference: Lando and Skodeberg (2002), section 2; Basel Committee,
/// "Studies on the validation of internal rating systems", WP 14 (2005).</para>
/// </remarks>
public sealed class CohortEstimator : MigrationEstimator
{
    private const int ChunkEntities = 16384;

    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options (default: one-year periods, count weighting, pooled).</param>
    /// <exception cref="ArgumentOutOfRangeException">The period length is not positive and finite.</exception>
    public CohortEstimator(CohortOptions? options = null)
    {
        Options = options ?? new CohortOptions();
        if (!(Options.PeriodYears > 0 && double.IsFinite(Options.PeriodYears)))
        {
            ThrowHelper.ArgumentOutOfRange("options.PeriodYears", Options.PeriodYears, "(0, inf)");
        }
    }

    /// <summary>The options.</summary>
    public CohortOptions Options { get; }

    /// <summary>The period boundaries the options give on a history (start of the first period, then every period end).</summary>
    /// <param name="history">The history.</param>
    /// <returns>The boundaries, in the history's time unit; at least two.</returns>
    /// <exception cref="ArgumentException">For a date history, the period is not a whole number of months.</exception>
    /// <exception cref="InvalidOperationException">The window holds no complete period.</exception>
    public double[] PeriodBoundaries(RatingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        double from = Options.From ?? history.FirstTime;
        double to = Options.To ?? history.LastTime;
        var b = new List<double> { from };
        if (history.TimeUnit == HistoryTimeUnit.Days)
        {
            double m = Options.PeriodYears * 12.0;
            int months = (int)Math.Round(m);
            if (months < 1 || Math.Abs(m - months) > 1e-9)
            {
                ThrowHelper.Argument("options", string.Create(CultureInfo.InvariantCulture,
                    $"A cohort period on dated histories must be a whole number of months; {Options.PeriodYears:R} years is {m:R} months."));
            }

            if (from != Math.Floor(from) || from < DateOnly.MinValue.DayNumber || from > DateOnly.MaxValue.DayNumber)
            {
                ThrowHelper.Argument("options", "The window start must be a day number.");
            }

            var d0 = DateOnly.FromDayNumber((int)from);
            for (int k = 1; ; k++)
            {
                if ((long)k * months > (DateOnly.MaxValue.Year - d0.Year) * 12L)
                {
                    break;
                }

                double e = d0.AddMonths(k * months).DayNumber;
                if (e > to)
                {
                    break;
                }

                b.Add(e);
            }
        }
        else
        {
            for (int k = 1; ; k++)
            {
                double e = from + (k * Options.PeriodYears);
                if (e > to + (1e-12 * Math.Max(1, Math.Abs(to))))
                {
                    break;
                }

                b.Add(e);
            }
        }

        if (b.Count < 2)
        {
            ThrowHelper.InvalidOperation(FormattableString.Invariant(
                $"The window {RatingHistory.FormatTime(history.TimeUnit, from)} to {RatingHistory.FormatTime(history.TimeUnit, to)} holds no complete cohort period."));
        }

        return [.. b];
    }

    internal override MigrationEstimate Estimate(RatingHistory history, double[]? entityWeights)
    {
        var total = PeriodCounts(history, entityWeights, out var bounds);
        int periods = bounds.Length - 1;
        int n = history.States.Count;
        var states = history.States;
        var periodList = new List<CohortPeriod>(periods);
        var pooled = new double[n * n];
        for (int k = 0; k < periods; k++)
        {
            var counts = total.AsSpan(k * n * n, n * n).ToArray();
            var rows = RowSums(counts, n);
            var unobserved = new List<string>();
            var m = MatrixFromCounts(states, counts, rows, Options.PeriodYears, unobserved);
            periodList.Add(new CohortPeriod(bounds[k], bounds[k + 1], m, To2D(counts, n), unobserved.AsReadOnly()));
            for (int i = 0; i < counts.Length; i++)
            {
                pooled[i] += counts[i];
            }
        }

        var pooledRows = RowSums(pooled, n);
        var unobservedPooled = new List<string>();
        var matrix = Aggregate(states, total, periods, null, unobservedPooled);
        return new MigrationEstimate(matrix, null, To2D(pooled, n), pooledRows, null, unobservedPooled.AsReadOnly(),
            periodList.AsReadOnly(), bounds[0], bounds[^1]);
    }

    /// <summary>The (weighted) counts N_ij(k) of every period k, period-major (k, i, j), and the period boundaries.</summary>
    internal double[] PeriodCounts(RatingHistory history, double[]? entityWeights, out double[] bounds)
    {
        if (Options.Weighting == CohortWeighting.Balance && !history.HasBalance)
        {
            ThrowHelper.Argument(nameof(history), "Balance weighting needs a balance column.");
        }

        var b = PeriodBoundaries(history);
        bounds = b;
        int periods = b.Length - 1;
        int n = history.States.Count;
        int slots = history.EntitySlots;
        int chunks = (slots + ChunkEntities - 1) / ChunkEntities;
        var partial = new double[chunks][];
        Parallel.For(0, chunks, MigrationParallelism.Options, c =>
        {
            var acc = new double[periods * n * n];
            int e1 = Math.Min(slots, (c + 1) * ChunkEntities);
            for (int e = c * ChunkEntities; e < e1; e++)
            {
                double w = entityWeights is null ? 1.0 : entityWeights[e];
                if (w != 0)
                {
                    CountEntity(history, e, b, acc, n, w, Options.Weighting == CohortWeighting.Balance);
                }
            }

            partial[c] = acc;
        });

        var total = new double[periods * n * n];
        foreach (var acc in partial)
        {
            for (int k = 0; k < total.Length; k++)
            {
                total[k] += acc[k];
            }
        }

        return total;
    }

    /// <summary>The pooled or averaged matrix of period counts, each period k weighted by <paramref name="periodWeights"/>[k]
    /// (a multiplicity: the period bootstrap draws whole periods); null = 1 each.</summary>
    internal TransitionMatrix Aggregate(StateSpace states, double[] total, int periods, double[]? periodWeights, List<string> unobserved)
    {
        int n = states.Count;
        if (Options.Aggregation == CohortAggregation.Pooled)
        {
            var pooled = new double[n * n];
            for (int k = 0; k < periods; k++)
            {
                double w = periodWeights is null ? 1.0 : periodWeights[k];
                if (w == 0)
                {
                    continue;
                }

                for (int i = 0; i < pooled.Length; i++)
                {
                    pooled[i] += w * total[(k * n * n) + i];
                }
            }

            return MatrixFromCounts(states, pooled, RowSums(pooled, n), Options.PeriodYears, unobserved);
        }

        var avg = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            double used = 0;
            for (int k = 0; k < periods; k++)
            {
                double w = periodWeights is null ? 1.0 : periodWeights[k];
                double rowTotal = 0;
                for (int j = 0; j < n; j++)
                {
                    rowTotal += total[(k * n * n) + (i * n) + j];
                }

                if (rowTotal > 0 && w != 0)
                {
                    used += w;
                    for (int j = 0; j < n; j++)
                    {
                        avg[(i * n) + j] += w * (total[(k * n * n) + (i * n) + j] / rowTotal);
                    }
                }
            }

            if (used == 0)
            {
                avg[(i * n) + i] = 1.0;
                if (!states.IsAbsorbing(i))
                {
                    unobserved.Add(states[i]);
                }
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    avg[(i * n) + j] /= used;
                }
            }
        }

        return TransitionMatrix.FromRowMajor(states, avg, Options.PeriodYears, computed: true);
    }

    private static double[] RowSums(double[] counts, int n)
    {
        var rows = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                s += counts[(i * n) + j];
            }

            rows[i] = s;
        }

        return rows;
    }

    /// <summary>Adds one entity's period transitions: state at each boundary inside its observed window.</summary>
    private static void CountEntity(RatingHistory h, int e, double[] bounds, double[] acc, int n, double weight, bool byBalance)
    {
        int a = h.EntityStart[e];
        int b = h.EntityStart[e + 1];
        if (b == a)
        {
            return;
        }

        var time = h.Time;
        var state = h.State;
        double first = time[a];
        int lastRow = b - 1;
        bool censoredEnd = state[lastRow] == RatingHistory.CensoredCode;

        // An entity whose last row is absorbing stays in that state: it is observed from then on.
        bool absorbedEnd = !censoredEnd && h.States.IsAbsorbing(state[lastRow]);

        // The boundary index of the first boundary >= first observation.
        int k = Array.BinarySearch(bounds, first);
        if (k < 0)
        {
            k = ~k;
        }

        int r = a;
        int prevState = -1;
        double prevWeight = 0;
        for (; k < bounds.Length; k++)
        {
            double t = bounds[k];
            if (!absorbedEnd && (censoredEnd ? t >= time[lastRow] : t > time[lastRow]))
            {
                break;
            }

            while (r + 1 < b && time[r + 1] <= t)
            {
                r++;
            }

            int s = state[r];
            if (prevState >= 0)
            {
                acc[((k - 1) * n * n) + (prevState * n) + s] += prevWeight;
            }

            prevState = s;
            prevWeight = byBalance ? weight * h.Balance![r] : weight;
        }
    }
}
