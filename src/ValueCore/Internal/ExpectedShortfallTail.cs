namespace ValueCore.Internal;

/// <summary>
/// The Acerbi-Tasche expected shortfall on a (weighted) sample, shared by the historical estimator of market risk and
/// the portfolio Monte Carlo: the losses strictly above the VaR with their full weight, and the VaR itself (an atom
/// when several scenarios sit on it) with the weight that tops the tail up to its mass.
/// </summary>
/// <remarks>
/// <para>ES_q = (1/(1 - q)) [E[L 1{L &gt; VaR}] + VaR (P(L &lt;= VaR) - q)] (Acerbi and Tasche, "On the coherence of
/// expected shortfall", Journal of Banking and Finance 26(7), 2002, Proposition 3.2 / eq. (3.3)). On a sample of n
/// scenarios with weights w (1 for plain sampling, likelihood ratios under importance sampling) write the tail mass
/// m = n (1 - q) and the mass strictly above the VaR A = sum_{L &gt; VaR} w; then P(L &lt;= VaR) - q = (m - A) / n and
/// ES = [sum_{L &gt; VaR} w L + (m - A) VaR] / m. The VaR atom therefore carries weight (m - A) / m.</para>
/// <para>Euler contributions are the same weighted average of a part's own losses: its losses strictly above the VaR
/// with weight w / m, and its mean loss in the scenarios at the VaR with weight (m - A) / m, so they add up to ES.</para>
/// </remarks>
internal static class ExpectedShortfallTail
{
    private const double SnapTolerance = 1e-9;

    /// <summary>The tail mass m = n (1 - q): 1 - q rounded to 12 decimals, and m snapped to the nearest integer when within 1e-9 relative.</summary>
    /// <remarks>So decimal confidences give decimal tails: 250 x (1 - 0.99) = 2.5 and 10,000 x (1 - 0.97) = 300 exactly.</remarks>
    internal static double TailMass(double n, double confidence)
    {
        double m = n * Math.Round(1.0 - confidence, 12);
        double r = Math.Round(m);
        if (r >= 1.0 && Math.Abs(m - r) <= SnapTolerance * Math.Max(1.0, m))
        {
            m = r;
        }

        return m;
    }

    /// <summary>The weight (m - A) / m of the VaR atom in the tail of mass m, A being the mass strictly above the VaR.</summary>
    /// <remarks>A &lt;= m by the definition of the quantile; a negative difference can only be rounding (the weighted
    /// quantile's threshold carries a 1e-12 relative allowance) and counts as 0.</remarks>
    internal static double AtomWeight(double tailMass, double massAbove) => Math.Max(0.0, tailMass - massAbove) / tailMass;

    /// <summary>ES = [sum_{L &gt; VaR} w L + (m - A) VaR] / m, adding the atom's term to <paramref name="sumAbove"/>.</summary>
    /// <param name="sumAbove">The (compensated) sum of w L over the losses strictly above the VaR.</param>
    /// <param name="massAbove">A, the sum of the weights of those losses.</param>
    /// <param name="valueAtRisk">The VaR (the atom's loss).</param>
    /// <param name="tailMass">m, &gt; 0.</param>
    internal static double Value(NeumaierSum sumAbove, double massAbove, double valueAtRisk, double tailMass)
    {
        double atom = Math.Max(0.0, tailMass - massAbove);
        if (atom > 0.0)
        {
            sumAbove.Add(atom * valueAtRisk);
        }

        return sumAbove.Value / tailMass;
    }
}
