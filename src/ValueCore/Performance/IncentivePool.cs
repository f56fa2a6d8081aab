using ValueCore.Internal;

namespace ValueCore.Performance;

/// <summary>EVA-linked incentive pools: a stated share of a unit's EVA, or of its EVA improvement, floored at zero.</summary>
/// <remarks>pool = max(0, share x EVA) or max(0, share x (EVA - EVA_previous)); the bank's pool is the sum of the
/// units' pools (a unit that destroys value funds no pool and does not reduce the others'). Stern Stewart's bonus
/// plans tie pay to EVA and its improvement (Stewart, "The Quest for Value", 1991; Uyemura, Kantor and Pettit, "EVA for
/// banks", Journal of Applied Corporate Finance 9(2), 1996).</remarks>
public static class IncentivePool
{
    /// <summary>The pool on the level of EVA.</summary>
    /// <param name="eva">The unit's EVA, in currency.</param>
    /// <param name="share">The share of EVA paid into the pool, in [0, 1].</param>
    /// <returns>max(0, share x EVA), in currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double OnEva(double eva, double share)
    {
        CheckShare(share);
        if (!double.IsFinite(eva))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(eva), eva, "the finite numbers");
        }

        return Math.Max(0.0, share * eva);
    }

    /// <summary>The pool on the improvement of EVA over the previous period.</summary>
    /// <param name="eva">The unit's EVA this period, in currency.</param>
    /// <param name="previousEva">Its EVA in the previous period (0 for a new unit), in currency.</param>
    /// <param name="share">The share of the improvement paid into the pool, in [0, 1].</param>
    /// <returns>max(0, share x (EVA - previous EVA)), in currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double OnImprovement(double eva, double previousEva, double share)
    {
        CheckShare(share);
        if (!double.IsFinite(eva) || !double.IsFinite(previousEva))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(eva), "EVA figures must be finite.");
        }

        return Math.Max(0.0, share * (eva - previousEva));
    }

    private static void CheckShare(double share)
    {
        if (!(share >= 0.0 && share <= 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(share), share, "[0, 1]");
        }
    }
}
