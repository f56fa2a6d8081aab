namespace ValueCore.Migration;

/// <summary>
/// The Aalen-Johansen estimator of P(s, t) for a (possibly non-homogeneous) Markov chain from exactly observed
/// transition times, correct under right-censoring and late entry: the product integral of I + dA(u) over (s, t].
/// </summary>
/// <remarks>
/// <para>P(s, t) = prod_{s &lt; u &lt;= t} (I + dA(u)), dA_ij(u) = dN_ij(u) / Y_i(u-) (i != j),
/// dA_ii(u) = -dN_i(u) / Y_i(u-), with dN_ij(u) the transitions from i to j at u and Y_i(u-) the number of entities
/// with first time &lt; u &lt;= last time in state i just before u (Aalen and Johansen, "An empirical transition matrix
/// for non-homogeneous Markov chains based on censored observations", Scandinavian Journal of Statistics 5 (1978)
/// 141-150; Lando and Skodeberg 2002, section 3). Transitions at u are counted before censorings at u (an entity
/// whose window ends at u is still at risk at u).</para>
/// <para>The matrix covers the whole window: its <see cref="TransitionMatrix.PeriodYears"/> is t - s in years (whole
/// calendar months / 12 for a date window that spans whole months, else days / 365.25).</para>
/// <para>With one observation time after s for every entity (a complete panel observed at s and t) this is the
/// cohort estimate.</para>
/// </remarks>
public sealed class AalenJohansenEstimator : MigrationEstimator
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="window">The window (s, t] (default: the whole history).</param>
    public AalenJohansenEstimator(EstimationWindow? window = null) => Window = window ?? new EstimationWindow();

    /// <summary>The window.</summary>
    public EstimationWindow Window { get; }

    /// <summary>P(s, s + t) for whole years t = 1, 2, ... up to the window end: the non-homogeneous term structure.</summary>
    /// <param name="history">The histories.</param>
    /// <param name="years">The largest t wanted, in [1, 1000]; years past the window end are not returned.</param>
    /// <returns>P(s, s + t) for t = 1 .. min(years, whole years in the window); date histories step by calendar years.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="years"/> is outside [1, 1000].</exception>
    /// <exception cref="InvalidOperationException">The window is empty.</exception>
    public IReadOnlyList<TransitionMatrix> EstimateYears(RatingHistory history, int years)
    {
        ArgumentNullException.ThrowIfNull(history);
        return EstimateYears(history, years, null);
    }

    internal IReadOnlyList<TransitionMatrix> EstimateYears(RatingHistory history, int years, double[]? entityWeights)
    {
        if (years < 1 || years > 1000)
        {
            Internal.ThrowHelper.ArgumentOutOfRange(nameof(years), years, "[1, 1000]");
        }

        var (from, to) = Window.Resolve(history);
        var checkpoints = new List<double>();
        for (int t = 1; t <= years; t++)
        {
            double c = history.TimeUnit == HistoryTimeUnit.Days
                ? DateOnly.FromDayNumber((int)from).AddYears(t).DayNumber
                : from + t;
            if (c > to)
            {
                break;
            }

            checkpoints.Add(c);
        }

        var snapshots = new List<TransitionMatrix>();
        Estimate(history, entityWeights, [.. checkpoints], snapshots);
        return snapshots.AsReadOnly();
    }

    internal override MigrationEstimate Estimate(RatingHistory history, double[]? entityWeights) =>
        Estimate(history, entityWeights, [], null);

    private MigrationEstimate Estimate(RatingHistory history, double[]? entityWeights, double[] checkpoints, List<TransitionMatrix>? snapshots)
    {
        var (from, to) = Window.Resolve(history);
        int n = history.States.Count;
        var time = history.Time;
        var state = history.State;

        // Segments (a, b] in state s; `to` = the next state when the segment ends with a transition, else -1.
        var segA = new List<double>();
        var segB = new List<double>();
        var segS = new List<byte>();
        var segTo = new List<short>();
        var segW = new List<double>();
        var exposure = new double[n];
        for (int e = 0; e < history.EntitySlots; e++)
        {
            double w = entityWeights is null ? 1.0 : entityWeights[e];
            if (w == 0)
            {
                continue;
            }

            int end = history.EntityStart[e + 1];
            for (int r = history.EntityStart[e]; r + 1 < end; r++)
            {
                double a = Math.Max(time[r], from);
                double b = Math.Min(time[r + 1], to);
                if (!(b > a))
                {
                    continue;
                }

                int s1 = state[r + 1];
                bool jump = time[r + 1] <= to && s1 != RatingHistory.CensoredCode && s1 != state[r];
                segA.Add(a);
                segB.Add(b);
                segS.Add(state[r]);
                segTo.Add(jump ? (short)s1 : (short)-1);
                segW.Add(w);
                exposure[state[r]] += w * history.ToYears(b - a);
            }
        }

        int m = segA.Count;
        var times = new double[2 * m];
        segA.CopyTo(times, 0);
        segB.CopyTo(times, m);
        Array.Sort(times);
        int distinct = 0;
        for (int k = 0; k < times.Length; k++)
        {
            if (k == 0 || times[k] != times[k - 1])
            {
                times[distinct++] = times[k];
            }
        }

        var uniq = times.AsSpan(0, distinct).ToArray();
        var aIdx = new int[m];
        var bIdx = new int[m];
        for (int k = 0; k < m; k++)
        {
            aIdx[k] = Array.BinarySearch(uniq, segA[k]);
            bIdx[k] = Array.BinarySearch(uniq, segB[k]);
        }

        var byStart = Enumerable.Range(0, m).ToArray();
        var byEnd = Enumerable.Range(0, m).ToArray();
        Array.Sort((int[])aIdx.Clone(), byStart);
        Array.Sort((int[])bIdx.Clone(), byEnd);

        var y = new double[n];
        var p = Internal.DenseMatrix.Identity(n);
        var counts = new double[n * n];
        var exits = new double[n];
        var dN = new double[n * n];
        var dOut = new double[n];
        var column = new double[n];
        var pOld = new double[n * n];
        int si = 0;
        int ei = 0;
        int nextCheckpoint = 0;
        for (int k = 0; k < uniq.Length; k++)
        {
            // Snapshots P(s, c) for every checkpoint c before this event time.
            while (snapshots is not null && nextCheckpoint < checkpoints.Length && checkpoints[nextCheckpoint] < uniq[k])
            {
                snapshots.Add(TransitionMatrix.FromRowMajor(history.States, (double[])p.Clone(), history.PeriodYears(from, checkpoints[nextCheckpoint]), computed: true));
                nextCheckpoint++;
            }

            // Transitions at uniq[k]: segments ending at k with a jump.
            Array.Clear(dN);
            Array.Clear(dOut);
            bool any = false;
            for (int q = ei; q < m && bIdx[byEnd[q]] == k; q++)
            {
                int g = byEnd[q];
                if (segTo[g] >= 0)
                {
                    dN[(segS[g] * n) + segTo[g]] += segW[g];
                    dOut[segS[g]] += segW[g];
                    any = true;
                }
            }

            if (any)
            {
                // P <- P (I + dA): column j gains sum_i P_old[:, i] dA_ij (P_old: the product before time u).
                Array.Copy(p, pOld, p.Length);
                for (int i = 0; i < n; i++)
                {
                    if (dOut[i] == 0)
                    {
                        continue;
                    }

                    double yi = y[i];
                    for (int r = 0; r < n; r++)
                    {
                        column[r] = pOld[(r * n) + i];
                    }

                    for (int j = 0; j < n; j++)
                    {
                        double da = j == i ? -dOut[i] / yi : dN[(i * n) + j] / yi;
                        if (da == 0)
                        {
                            continue;
                        }

                        for (int r = 0; r < n; r++)
                        {
                            p[(r * n) + j] += column[r] * da;
                        }
                    }

                    exits[i] += dOut[i];
                    for (int j = 0; j < n; j++)
                    {
                        counts[(i * n) + j] += dN[(i * n) + j];
                    }
                }
            }

            // Entries effective after uniq[k]; exits (window ends) effective after uniq[k].
            for (; si < m && aIdx[byStart[si]] == k; si++)
            {
                y[segS[byStart[si]]] += segW[byStart[si]];
            }

            for (; ei < m && bIdx[byEnd[ei]] == k; ei++)
            {
                y[segS[byEnd[ei]]] -= segW[byEnd[ei]];
            }
        }

        while (snapshots is not null && nextCheckpoint < checkpoints.Length)
        {
            snapshots.Add(TransitionMatrix.FromRowMajor(history.States, (double[])p.Clone(), history.PeriodYears(from, checkpoints[nextCheckpoint]), computed: true));
            nextCheckpoint++;
        }

        var states = history.States;
        var unobserved = new List<string>();
        for (int i = 0; i < n; i++)
        {
            if (!states.IsAbsorbing(i) && exposure[i] == 0)
            {
                unobserved.Add(states[i]);
            }
        }

        var matrix = TransitionMatrix.FromRowMajor(states, p, history.PeriodYears(from, to), computed: true);
        return new MigrationEstimate(matrix, null, To2D(counts, n), exits, exposure, unobserved.AsReadOnly(), [], from, to);
    }
}
