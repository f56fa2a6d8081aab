using System.Diagnostics;
using ValueCore.Internal;

namespace ValueCore.Risk.Market;

/// <summary>
/// The historical-simulation estimators of value at risk and expected shortfall used by ValueCore, on a vector of
/// profit-and-loss scenarios (loss = -P&amp;L), and the square-root-of-time scaling rule.
/// </summary>
/// <remarks>
/// <para>With n scenarios, confidence α and losses sorted in decreasing order L(1) &gt;= L(2) &gt;= ... &gt;= L(n), the tail holds
/// m = n (1 - α) scenarios (1 - α rounded to 12 decimals, and m snapped to the nearest integer when within 1e-9
/// relative of it, so that 250 x (1 - 0.99) counts as exactly 2.5 and 100 x (1 - 0.99) as exactly 1). With f = floor(m):</para>
/// <para>ES = (1/m) [L(1) + ... + L(f) + (m - f) L(f + 1)], the estimator of Acerbi and Tasche, "On the coherence of
/// expected shortfall", Journal of Banking and Finance 26 (2002) 1487-1503, section 4, in its loss form: the
/// average of the m worst outcomes with a fractional weight on the next one, coherent for every n and α.</para>
/// <para>VaR = L(f + 1), the empirical α-quantile of the loss, inf { x : F_n(x) &gt;= α }. So VaR &lt;= ES always.</para>
/// <para>The scenario weights w(1) = ... = w(f) = 1/m, w(f + 1) = (m - f)/m sum to 1; the Euler contribution of a
/// sub-portfolio to ES is the same weighted average of its own losses in the portfolio's tail scenarios (Tasche,
/// "Risk contributions and performance measurement", 1999), so contributions add up to ES.</para>
/// </remarks>
public static class HistoricalEstimator
{
    /// <summary>The number of tail scenarios m = n (1 - α), snapped to an integer when within 1e-9 relative.</summary>
    /// <param name="scenarioCount">The number of scenarios n, &gt;= 1.</param>
    /// <param name="confidence">The confidence α, in [0.5, 1 - 1e-6].</param>
    /// <returns>m, in (0, n/2].</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double TailSize(int scenarioCount, double confidence)
    {
        CheckCount(scenarioCount);
        CheckConfidence(confidence);
        return TailSizeUnchecked(scenarioCount, confidence);
    }

    /// <summary>Historical value at risk of a P&amp;L vector: the empirical α-quantile of the loss.</summary>
    /// <param name="pnl">Profit and loss per scenario, in currency (a loss is negative); at least one, all finite.</param>
    /// <param name="confidence">The confidence α, in [0.5, 1 - 1e-6].</param>
    /// <returns>VaR = L(floor(m) + 1), in currency, positive for a loss (negative when even that scenario is a gain).</returns>
    /// <exception cref="ArgumentException">The vector is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The confidence is outside [0.5, 1 - 1e-6] or a P&amp;L is not finite.</exception>
    public static double ValueAtRisk(ReadOnlySpan<double> pnl, double confidence)
    {
        var losses = SortedLosses(pnl, confidence);
        return losses[(int)Math.Floor(TailSizeUnchecked(losses.Length, confidence))];
    }

    /// <summary>Historical expected shortfall of a P&amp;L vector (Acerbi-Tasche estimator).</summary>
    /// <param name="pnl">Profit and loss per scenario, in currency; at least one, all finite.</param>
    /// <param name="confidence">The confidence α, in [0.5, 1 - 1e-6].</param>
    /// <returns>ES = (1/m) [L(1) + ... + L(f) + (m - f) L(f + 1)], in currency, positive for a loss.</returns>
    /// <exception cref="ArgumentException">The vector is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The confidence is outside [0.5, 1 - 1e-6] or a P&amp;L is not finite.</exception>
    public static double ExpectedShortfall(ReadOnlySpan<double> pnl, double confidence)
    {
        var losses = SortedLosses(pnl, confidence);
        return ExpectedShortfallSorted(losses, TailSizeUnchecked(losses.Length, confidence));
    }

    /// <summary>The factor that scales a figure from the P&amp;L horizon to the capital horizon by the square-root-of-time rule.</summary>
    /// <param name="horizonDays">The capital horizon in days, &gt; 0.</param>
    /// <param name="pnlHorizonDays">The horizon of the P&amp;L scenarios in days, &gt; 0 (1 for daily P&amp;L).</param>
    /// <returns>sqrt(horizonDays / pnlHorizonDays), dimensionless.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A horizon is not positive and finite.</exception>
    /// <remarks>Exact for independent, identically distributed P&amp;L with zero mean and a stable law (the normal); the
    /// convention of the Basel 1996 market risk amendment (10-day VaR from daily VaR). It ignores autocorrelation and
    /// fat-tail aggregation; see docs/risk-aggregation.md.</remarks>
    public static double SquareRootOfTime(double horizonDays, double pnlHorizonDays)
    {
        if (!(horizonDays > 0.0 && double.IsFinite(horizonDays)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(horizonDays), horizonDays, "(0, inf)");
        }

        if (!(pnlHorizonDays > 0.0 && double.IsFinite(pnlHorizonDays)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(pnlHorizonDays), pnlHorizonDays, "(0, inf)");
        }

        return Math.Sqrt(horizonDays / pnlHorizonDays);
    }

    internal static double TailSizeUnchecked(int n, double confidence) => ExpectedShortfallTail.TailMass(n, confidence);

    /// <summary>ES from losses sorted in decreasing order.</summary>
    internal static double ExpectedShortfallSorted(ReadOnlySpan<double> descendingLosses, double m)
    {
        // The f = floor(m) worst losses in full, the next one (the VaR) as the atom that tops the tail up to m.
        int f = (int)Math.Floor(m);
        var sum = default(NeumaierSum);
        for (int i = 0; i < f; i++)
        {
            sum.Add(descendingLosses[i]);
        }

        return ExpectedShortfallTail.Value(sum, f, m > f ? descendingLosses[f] : 0.0, m);
    }

    /// <summary>The tail weights w(1..f+1) for tail size m (the last may be 0 when m is an integer).</summary>
    internal static double[] TailWeights(double m)
    {
        int f = (int)Math.Floor(m);
        var w = new double[f + 1];
        for (int i = 0; i < f; i++)
        {
            w[i] = 1.0 / m;
        }

        w[f] = ExpectedShortfallTail.AtomWeight(m, f);
        return w;
    }

    /// <summary>The k largest losses (-pnl), in decreasing order, into <paramref name="top"/>; <paramref name="buffer"/> (length n) is scratch.</summary>
    /// <remarks>Quickselect (Hoare partition, median-of-three pivot: deterministic) moves the k largest to the front in
    /// O(n), then only those k are sorted: O(n + k log k) instead of O(n log n).</remarks>
    internal static void TopLossesUnchecked(ReadOnlySpan<double> pnl, int k, Span<double> buffer, Span<double> top)
    {
        Debug.Assert(k >= 1 && k <= pnl.Length && buffer.Length >= pnl.Length && top.Length >= k);
        var a = buffer[..pnl.Length];
        for (int i = 0; i < pnl.Length; i++)
        {
            a[i] = 0.0 - pnl[i];
        }

        SelectLargest(a, k);
        var head = a[..k];
        head.Sort();
        head.Reverse();
        head.CopyTo(top);
    }

    /// <summary>Rearranges <paramref name="a"/> so that its k largest values occupy a[0..k) (in no particular order).</summary>
    internal static void SelectLargest(Span<double> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);

            // Median of three as the pivot, ordered for a descending partition.
            if (a[mid] > a[lo])
            {
                (a[mid], a[lo]) = (a[lo], a[mid]);
            }

            if (a[hi] > a[lo])
            {
                (a[hi], a[lo]) = (a[lo], a[hi]);
            }

            if (a[hi] > a[mid])
            {
                (a[hi], a[mid]) = (a[mid], a[hi]);
            }

            double pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] > pivot)
                {
                    i++;
                }

                while (a[j] < pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            // Now a[lo..j] >= pivot >= a[i..hi]; keep the side that holds position k - 1.
            if (k - 1 <= j)
            {
                hi = j;
            }
            else if (k - 1 >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Losses (-pnl) sorted in decreasing order into a new array.</summary>
    internal static double[] SortedLossesUnchecked(ReadOnlySpan<double> pnl)
    {
        var losses = new double[pnl.Length];
        for (int i = 0; i < pnl.Length; i++)
        {
            losses[i] = 0.0 - pnl[i]; // 0 - x, not -x: a zero P&L is a loss of +0, never -0
        }

        Array.Sort(losses);
        Array.Reverse(losses);
        return losses;
    }

    private static double[] SortedLosses(ReadOnlySpan<double> pnl, double confidence)
    {
        if (pnl.IsEmpty)
        {
            ThrowHelper.Argument(nameof(pnl), "The P&L vector is empty.");
        }

        CheckConfidence(confidence);
        for (int i = 0; i < pnl.Length; i++)
        {
            if (!double.IsFinite(pnl[i]))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(pnl), pnl[i], "finite numbers");
            }
        }

        return SortedLossesUnchecked(pnl);
    }

    /// <summary>The smallest confidence accepted, 0.5.</summary>
    public const double MinConfidence = 0.5;

    /// <summary>The largest confidence accepted, 1 - 1e-6 (so that the tail m = n (1 - α) is never rounded to 0).</summary>
    public const double MaxConfidence = 1.0 - 1e-6;

    internal static void CheckConfidence(double confidence)
    {
        if (!(confidence >= MinConfidence && confidence <= MaxConfidence))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(confidence), confidence, "[0.5, 1 - 1e-6]");
        }
    }

    private static void CheckCount(int scenarioCount)
    {
        if (scenarioCount < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(scenarioCount), scenarioCount, "[1, inf)");
        }
    }
}
