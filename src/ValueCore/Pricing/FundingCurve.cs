using System.Globalization;
using ValueCore.Internal;

namespace ValueCore.Pricing;

/// <summary>
/// A term structure of annual rates by tenor (a funding curve or a liquidity-premium curve): linear interpolation
/// between the points, flat beyond the first and the last.
/// </summary>
/// <remarks>
/// <para>r(t) = r_0 for t &lt;= t_0; r(t) = r_{k-1} + (r_k - r_{k-1}) (t - t_{k-1}) / (t_k - t_{k-1}) for
/// t_{k-1} &lt;= t &lt;= t_k; r(t) = r_{n-1} for t &gt;= t_{n-1}. Tenors are strictly increasing, so every point is
/// used exactly as given (see docs/performance-and-pricing.md).</para>
/// </remarks>
public sealed class FundingCurve
{
    private readonly double[] _tenors;
    private readonly double[] _rates;

    private FundingCurve(double[] tenors, double[] rates)
    {
        _tenors = tenors;
        _rates = rates;
    }

    /// <summary>The number of points.</summary>
    public int Count => _tenors.Length;

    /// <summary>The tenors in years, strictly increasing.</summary>
    public ReadOnlySpan<double> TenorsYears => _tenors;

    /// <summary>The annual rates at the tenors, fractions.</summary>
    public ReadOnlySpan<double> Rates => _rates;

    /// <summary>Creates a curve from its points.</summary>
    /// <param name="tenorsYears">Tenors in years, each finite and &gt;= 0, strictly increasing (no repeats).</param>
    /// <param name="rates">Annual rates at the tenors, fractions in (-1, 10).</param>
    /// <returns>The curve.</returns>
    /// <exception cref="ArgumentException">No point is given, the lengths differ, or a tenor is not greater than the one before (unsorted or repeated).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A tenor is negative or not finite, or a rate is outside (-1, 10).</exception>
    public static FundingCurve Create(ReadOnlySpan<double> tenorsYears, ReadOnlySpan<double> rates)
    {
        SpanGuard.SameLength(rates, tenorsYears.Length);
        if (tenorsYears.IsEmpty)
        {
            ThrowHelper.Argument(nameof(tenorsYears), "A curve needs at least one point.");
        }

        for (int i = 0; i < tenorsYears.Length; i++)
        {
            double t = tenorsYears[i];
            if (!(t >= 0.0 && double.IsFinite(t)))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(tenorsYears), t, "[0, inf) years");
            }

            if (!(rates[i] > -1.0 && rates[i] < 10.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(rates), rates[i], "(-1, 10)");
            }

            if (i > 0 && !(t > tenorsYears[i - 1]))
            {
                ThrowHelper.Argument(nameof(tenorsYears), string.Create(CultureInfo.InvariantCulture,
                    $"Tenor {i} = {t:R} {(t == tenorsYears[i - 1] ? "repeats" : "is below")} tenor {i - 1} = {tenorsYears[i - 1]:R}; tenors must be strictly increasing."));
            }
        }

        return new FundingCurve(tenorsYears.ToArray(), rates.ToArray());
    }

    /// <summary>A flat curve: the same rate at every tenor.</summary>
    /// <param name="rate">The annual rate, a fraction in (-1, 10).</param>
    /// <returns>The curve.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside (-1, 10).</exception>
    public static FundingCurve Flat(double rate) => Create([0.0], [rate]);

    /// <summary>The rate at a tenor.</summary>
    /// <param name="tenorYears">The tenor in years, finite and &gt;= 0.</param>
    /// <returns>The interpolated annual rate, a fraction (flat beyond the ends).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The tenor is negative or not finite.</exception>
    public double RateAt(double tenorYears)
    {
        if (!(tenorYears >= 0.0 && double.IsFinite(tenorYears)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(tenorYears), tenorYears, "[0, inf) years");
        }

        return RateAtUnchecked(tenorYears);
    }

    /// <summary>The rates at many tenors.</summary>
    /// <param name="tenorsYears">Tenors in years, each finite and &gt;= 0.</param>
    /// <param name="destination">Receives the rates.</param>
    /// <exception cref="ArgumentException">The destination is too short or partly overlaps the input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A tenor is negative or not finite.</exception>
    public void RateAt(ReadOnlySpan<double> tenorsYears, Span<double> destination)
    {
        SpanGuard.Destination(tenorsYears, destination);
        SpanGuard.NoPartialOverlap(tenorsYears, destination);
        for (int i = 0; i < tenorsYears.Length; i++)
        {
            destination[i] = RateAt(tenorsYears[i]);
        }
    }

    /// <summary>
    /// Interpolates without argument checks, starting the segment search at <paramref name="k"/> (the index of the first
    /// tenor above the previous t): a walk of monotone tenors costs O(points + tenors) instead of a binary search each.
    /// Gives the same bits as <see cref="RateAtUnchecked"/>.
    /// </summary>
    internal double RateAtWalking(double t, ref int k)
    {
        var tenors = _tenors;
        int n = tenors.Length;
        while (k < n && tenors[k] <= t)
        {
            k++;
        }

        while (k > 0 && tenors[k - 1] > t)
        {
            k--;
        }

        if (k == 0)
        {
            return _rates[0];
        }

        if (k == n)
        {
            return _rates[n - 1];
        }

        double t0 = tenors[k - 1];
        if (t == t0)
        {
            return _rates[k - 1];
        }

        double r0 = _rates[k - 1], r1 = _rates[k];
        return r0 + ((r1 - r0) * ((t - t0) / (tenors[k] - t0)));
    }

    /// <summary>Interpolates without argument checks (tenor finite, &gt;= 0).</summary>
    internal double RateAtUnchecked(double t)
    {
        var tenors = _tenors;
        if (t <= tenors[0])
        {
            return _rates[0];
        }

        int last = tenors.Length - 1;
        if (t >= tenors[last])
        {
            return _rates[last];
        }

        // First index with tenor > t; t lies in [tenors[k-1], tenors[k]).
        int k = Array.BinarySearch(tenors, t);
        if (k >= 0)
        {
            return _rates[k];
        }

        k = ~k;
        double t0 = tenors[k - 1], t1 = tenors[k];
        double r0 = _rates[k - 1], r1 = _rates[k];
        return r0 + ((r1 - r0) * ((t - t0) / (t1 - t0)));
    }
}
