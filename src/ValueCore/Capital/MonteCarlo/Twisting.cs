using System.Runtime.CompilerServices;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// Exponential twisting of independent (conditional) default indicators, Glasserman and Li (2005), section 3:
/// p_i(theta) = p_i e^(theta l_i) / (1 + p_i (e^(theta l_i) - 1)), psi(theta) = sum log(1 + p_i (e^(theta l_i) - 1)),
/// theta the root of psi'(theta) = x (losses as shares of the total, so theta is scale-free).
/// </summary>
internal static class Twisting
{
    /// <summary>The twisted probability p / (p + (1 - p) e^(-theta l)), stable for large theta l.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Twisted(double p, double share, double theta)
    {
        if (theta == 0.0 || p <= 0.0 || p >= 1.0)
        {
            return p;
        }

        return p / (p + ((1.0 - p) * Math.Exp(-theta * share)));
    }

    /// <summary>psi(theta) = sum (theta l + log(p + (1 - p) e^(-theta l))), each term 0 when p = 0.</summary>
    public static double Psi(ReadOnlySpan<double> p, ReadOnlySpan<double> share, double theta)
    {
        double s = 0.0;
        for (int i = 0; i < p.Length; i++)
        {
            double pi = p[i];
            if (pi <= 0.0)
            {
                continue;
            }

            double tl = theta * share[i];
            s += pi >= 1.0 ? tl : tl + Math.Log(pi + ((1.0 - pi) * Math.Exp(-tl)));
        }

        return s;
    }

    /// <summary>The theta &gt;= 0 with psi'(theta) = target, by safeguarded Newton iteration (psi' increases in theta).</summary>
    /// <remarks>Any theta &gt;= 0 gives an unbiased estimator; the root minimises the bound on the second moment, so
    /// iteration stops at a relative residual of 1e-10 or after 100 steps.</remarks>
    public static double SolveTheta(ReadOnlySpan<double> p, ReadOnlySpan<double> share, double target)
    {
        double lo = 0.0, hi = double.PositiveInfinity, theta = 0.0;
        for (int iter = 0; iter < 100; iter++)
        {
            double g = -target, dg = 0.0;
            for (int i = 0; i < p.Length; i++)
            {
                double q = Twisted(p[i], share[i], theta);
                g += share[i] * q;
                dg += share[i] * share[i] * q * (1.0 - q);
            }

            if (Math.Abs(g) <= 1e-10 * target)
            {
                break;
            }

            if (g > 0.0)
            {
                hi = theta;
            }
            else
            {
                lo = theta;
            }

            double next = dg > 0.0 ? theta - (g / dg) : double.NaN;
            if (!(next > lo && next < hi))
            {
                next = double.IsPositiveInfinity(hi) ? Math.Max(2.0 * theta, 1.0) : 0.5 * (lo + hi);
            }

            theta = next;
        }

        return theta;
    }
}
