using System.Runtime.CompilerServices;
using ValueCore.Internal;

namespace ValueCore.Numerics;

/// <summary>
/// The standard normal distribution N(0, 1) to full double precision: the cumulative distribution function N(x)
/// and its inverse G(p) (the notation of the Basel II framework, paragraph 272).
/// </summary>
/// <remarks>
/// <para>N(x) = erfc(-x / sqrt(2)) / 2, with Math.NET Numerics' complementary error function (relative error near
/// 1e-16, also deep in the lower tail, where 1 - erf would lose every digit).</para>
/// <para>G(p) is Wichura's algorithm AS 241 (PPND16), Applied Statistics 37 (1988) 477-484: rational approximations
/// in three regions with relative error about 1e-16.</para>
/// </remarks>
public static class NormalDistribution
{
    private const double InverseSqrt2 = 0.70710678118654752440084436210485;

    /// <summary>The standard normal cumulative distribution function N(x) = P(X &lt;= x).</summary>
    /// <param name="x">The point; any finite value (infinities give 0 and 1).</param>
    /// <returns>The probability, in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is NaN.</exception>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(x), x, "(-inf, inf)");
        }

        return CdfUnchecked(x);
    }

    /// <summary>N(x) element-wise.</summary>
    /// <param name="x">The points.</param>
    /// <param name="destination">Receives N(x); at least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The destination is too short or partly overlaps the input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element of <paramref name="x"/> is NaN.</exception>
    public static void Cdf(ReadOnlySpan<double> x, Span<double> destination)
    {
        SpanGuard.Destination(x, destination);
        SpanGuard.NoPartialOverlap(x, destination);
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = Cdf(x[i]);
        }
    }

    /// <summary>The inverse of the standard normal distribution function, G(p) = N^-1(p).</summary>
    /// <param name="p">The probability, in (0, 1).</param>
    /// <returns>The quantile x with N(x) = p.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in (0, 1).</exception>
    public static double InverseCdf(double p)
    {
        if (!(p > 0.0 && p < 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(p), p, "(0, 1)");
        }

        return InverseCdfUnchecked(p);
    }

    /// <summary>G(p) element-wise.</summary>
    /// <param name="p">The probabilities, each in (0, 1).</param>
    /// <param name="destination">Receives G(p); at least as long as <paramref name="p"/>; may be <paramref name="p"/> itself.</param>
    /// <exception cref="ArgumentException">The destination is too short or partly overlaps the input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element of <paramref name="p"/> is not in (0, 1).</exception>
    public static void InverseCdf(ReadOnlySpan<double> p, Span<double> destination)
    {
        SpanGuard.Destination(p, destination);
        SpanGuard.NoPartialOverlap(p, destination);
        for (int i = 0; i < p.Length; i++)
        {
            destination[i] = InverseCdf(p[i]);
        }
    }

    /// <summary>The standard normal density phi(x) = exp(-x^2 / 2) / sqrt(2 pi).</summary>
    /// <param name="x">The point.</param>
    /// <returns>The density.</returns>
    public static double Density(double x) => 0.39894228040143267793994605993438 * Math.Exp(-0.5 * x * x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double CdfUnchecked(double x) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x * InverseSqrt2);

    /// <summary>AS 241 PPND16; p in (0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double InverseCdfUnchecked(double p)
    {
        double q = p - 0.5;
        double r;
        if (Math.Abs(q) <= 0.425)
        {
            r = 0.180625 - (q * q);
            return q * (((((((((2509.0809287301226727 * r) + 33430.575583588128105) * r) + 67265.770927008700853) * r
                        + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                        + 133.14166789178437745) * r + 3.387132872796366608)
                / (((((((((5226.495278852854561 * r) + 28729.085735721942674) * r) + 39307.89580009271061) * r
                        + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                        + 42.313330701600911252) * r + 1.0);
        }

        r = q < 0.0 ? p : 1.0 - p;
        r = Math.Sqrt(-Math.Log(r));
        double x;
        if (r <= 5.0)
        {
            r -= 1.6;
            x = (((((((((7.7454501427834140764e-4 * r) + 0.0227238449892691845833) * r) + 0.24178072517745061177) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                    + 4.6303378461565452959) * r + 1.42343711074968357734)
                / (((((((((1.05075007164441684324e-9 * r) + 5.475938084995344946e-4) * r) + 0.0151986665636164571966) * r
                    + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                    + 2.05319162663775882187) * r + 1.0);
        }
        else
        {
            r -= 5.0;
            x = (((((((((2.01033439929228813265e-7 * r) + 2.71155556874348757815e-5) * r) + 0.0012426609473880784386) * r
                    + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                    + 5.4637849111641143699) * r + 6.6579046435011037772)
                / (((((((((2.04426310338993978564e-15 * r) + 1.4215117583164458887e-7) * r) + 1.8463183175100546818e-5) * r
                    + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                    + 0.59983220655588793769) * r + 1.0);
        }

        return q < 0.0 ? -x : x;
    }
}
