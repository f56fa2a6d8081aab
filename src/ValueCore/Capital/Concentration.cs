using ValueCore.Internal;

namespace ValueCore.Capital;

/// <summary>Concentration indices of a portfolio: the Herfindahl-Hirschman index of exposure shares, by item or by a key (obligor, sector, segment).</summary>
/// <remarks>HHI = Σ s_k², s_k the share of key k in the total exposure: 1/n for n equal exposures, 1 for a single name; 1/HHI is the
/// effective number of names. See docs/montecarlo.md.</remarks>
public static class Concentration
{
    /// <summary>The Herfindahl index of exposures, each its own name.</summary>
    /// <param name="exposure">The exposures, finite and &gt;= 0, in currency.</param>
    /// <returns>Σ (e_i / Σ e)², in [1/n, 1]; null when the total exposure is 0 (no shares).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An exposure is negative or not finite.</exception>
    public static double? Herfindahl(ReadOnlySpan<double> exposure)
    {
        NeumaierSum total = default;
        foreach (double x in exposure)
        {
            if (!(x >= 0.0 && x < double.PositiveInfinity))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(exposure), x, "[0, inf)");
            }

            total.Add(x);
        }

        double t = total.Value;
        if (!(t > 0.0))
        {
            return null;
        }

        NeumaierSum sum = default;
        foreach (double x in exposure)
        {
            double s = x / t;
            sum.Add(s * s);
        }

        return sum.Value;
    }

    /// <summary>The Herfindahl index of exposures aggregated by a key (loans of one obligor, sector or segment add up).</summary>
    /// <param name="exposure">The exposure of each loan, finite and &gt;= 0, in currency.</param>
    /// <param name="key">The key of each loan (compared ordinally); as long as <paramref name="exposure"/>.</param>
    /// <returns>The index over the keys' exposures; null when the total exposure is 0.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentNullException">A key is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An exposure is negative or not finite.</exception>
    public static double? Herfindahl(ReadOnlySpan<double> exposure, ReadOnlySpan<string> key)
    {
        SpanGuard.SameLength(key, exposure.Length);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var sums = new List<NeumaierSum>();
        for (int i = 0; i < exposure.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(key[i], nameof(key));
            if (!index.TryGetValue(key[i], out int k))
            {
                k = sums.Count;
                index.Add(key[i], k);
                sums.Add(default);
            }

            var s = sums[k];
            s.Add(exposure[i]);
            sums[k] = s;
        }

        var totals = new double[sums.Count];
        for (int k = 0; k < totals.Length; k++)
        {
            totals[k] = sums[k].Value;
        }

        return Herfindahl(totals);
    }
}
