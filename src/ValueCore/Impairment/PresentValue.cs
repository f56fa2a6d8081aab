using ValueCore.Internal;

namespace ValueCore.Impairment;

/// <summary>Discounting at an annual effective rate: a flow t years ahead is worth (1 + EIR)<sup>-t</sup> of its amount today.</summary>
/// <remarks>IFRS 9 B5.5.33 / IAS 39 AG84: the credit loss of a credit-impaired asset is measured as the difference between
/// its gross carrying amount and the present value of estimated future cash flows discounted at the original effective
/// interest rate. The factor is computed as exp(-t ln(1 + EIR)), equal to the power up to rounding.</remarks>
public static class PresentValue
{
    /// <summary>The discount factor (1 + EIR)<sup>-t</sup>.</summary>
    /// <param name="eir">The annual effective rate, in (-1, inf).</param>
    /// <param name="years">The time in years, finite (negative values compound forward).</param>
    /// <returns>The factor, &gt; 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double DiscountFactor(double eir, double years)
    {
        CheckEir(eir);
        if (!double.IsFinite(years))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(years), years, "the finite numbers");
        }

        return Math.Exp(-years * Math.Log(1.0 + eir));
    }

    /// <summary>Discount factors element-wise for one rate.</summary>
    /// <param name="eir">The annual effective rate, in (-1, inf).</param>
    /// <param name="years">Times in years, finite.</param>
    /// <param name="destination">Receives (1 + EIR)<sup>-t</sup> per time.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate or a time is outside its range.</exception>
    /// <exception cref="ArgumentException">The destination is too short or partly overlaps the input.</exception>
    public static void DiscountFactor(double eir, ReadOnlySpan<double> years, Span<double> destination)
    {
        CheckEir(eir);
        SpanGuard.Destination(years, destination);
        SpanGuard.NoPartialOverlap(years, destination);
        double log = Math.Log(1.0 + eir);
        for (int i = 0; i < years.Length; i++)
        {
            double t = years[i];
            if (!double.IsFinite(t))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(years), t, "the finite numbers");
            }

            destination[i] = Math.Exp(-t * log);
        }
    }

    /// <summary>The present value of cash flows at an annual effective rate.</summary>
    /// <param name="eir">The annual effective rate, in (-1, inf).</param>
    /// <param name="years">Times in years from the valuation date, finite.</param>
    /// <param name="amounts">Amounts in currency, finite.</param>
    /// <returns>PV = sum a<sub>i</sub> (1 + EIR)<sup>-t<sub>i</sub></sup>, in currency (compensated sum).</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate, a time or an amount is outside its range.</exception>
    public static double Of(double eir, ReadOnlySpan<double> years, ReadOnlySpan<double> amounts)
    {
        CheckEir(eir);
        SpanGuard.SameLength(amounts, years.Length);
        double log = Math.Log(1.0 + eir);
        var sum = default(NeumaierSum);
        for (int i = 0; i < years.Length; i++)
        {
            if (!double.IsFinite(years[i]))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(years), years[i], "the finite numbers");
            }

            if (!double.IsFinite(amounts[i]))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(amounts), amounts[i], "the finite numbers");
            }

            sum.Add(amounts[i] * Math.Exp(-years[i] * log));
        }

        return sum.Value;
    }

    internal static void CheckEir(double eir)
    {
        if (!(eir > -1.0 && double.IsFinite(eir)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(eir), eir, "(-1, inf)");
        }
    }
}
