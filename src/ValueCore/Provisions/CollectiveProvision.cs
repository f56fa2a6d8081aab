using ValueCore.Internal;
using ValueCore.Migration;

namespace ValueCore.Provisions;

/// <summary>Migration-model collective provisions: provision = EAD x PD_h(state) x LGD, PD_h the probability of reaching
/// a default state within the loss-emergence period h.</summary>
/// <remarks>PD_h(i) = sum_{d default} [P(h)]_{i,d} with P(h) = <see cref="ITransitionModel.Over"/>(h): P^h for whole
/// periods of a matrix (linear interpolation within a period), exp(h Lambda) for a generator (exact for any h). The
/// default states are the model's absorbing states (choose them with <see cref="DefaultStates"/>), so PD_h is a
/// first-passage probability. Loans already in a default state are outside this method (individual assessment).</remarks>
public static class CollectiveProvision
{
    /// <summary>PD_h for every starting state.</summary>
    /// <param name="model">The migration model; its absorbing states are the default states.</param>
    /// <param name="horizonYears">The loss-emergence period h in years, in (0, 1000].</param>
    /// <returns>PD_h by state index (1 for a default state), fractions.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizonYears"/> is outside its range.</exception>
    /// <exception cref="InvalidOperationException">The projected matrix is not stochastic (numerical failure).</exception>
    public static double[] HorizonPD(ITransitionModel model, double horizonYears)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(horizonYears > 0 && horizonYears <= 1000))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(horizonYears), horizonYears, "(0, 1000]");
        }

        var p = model.Over(horizonYears);
        var pd = new double[p.Count];
        for (int i = 0; i < pd.Length; i++)
        {
            pd[i] = p.DefaultProbability(i);
        }

        return pd;
    }

    /// <summary>The provision of one loan.</summary>
    /// <param name="ead">The exposure, &gt;= 0 (currency).</param>
    /// <param name="pd">PD_h, a fraction in [0, 1].</param>
    /// <param name="lgd">The LGD, a fraction in [0, 1].</param>
    /// <returns>EAD x PD x LGD (currency).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double Provision(double ead, double pd, double lgd)
    {
        if (!(ead >= 0 && double.IsFinite(ead)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(ead), ead, "[0, inf)");
        }

        if (!(pd >= 0 && pd <= 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(pd), pd, "[0, 1]");
        }

        if (!(lgd >= 0 && lgd <= 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(lgd), lgd, "[0, 1]");
        }

        return ead * pd * lgd;
    }
}
