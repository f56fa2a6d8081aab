namespace ValueCore.Portfolio;

/// <summary>Whether a book's PDs look like percentages (5 for 5%) rather than fractions (0.05).</summary>
/// <remarks>
/// A PD is a fraction in (0, 1]. A book whose PDs were written in percent either breaks that rule (5, 12.5) or, worse,
/// passes it with PDs a hundred times too high (0.5 read as 50%). The test: more than half of the PDs are above
/// <see cref="PercentHint"/> (so the median PD is above 20%), which no performing book shows. It is a hint for a
/// warning, not a rule: the reader never rescales on its own (see <c>LoanBookCsvOptions.PdInPercent</c>).
/// </remarks>
public static class PdScale
{
    /// <summary>The PD above which a value counts towards "looks like percent": 0.2 (20%).</summary>
    public const double PercentHint = 0.2;

    /// <summary>Whether more than half of <paramref name="pd"/> are above <see cref="PercentHint"/>.</summary>
    /// <param name="pd">The PDs as read (fractions, or percentages by mistake); NaN counts as not above.</param>
    /// <returns>True when the PDs look like percentages; false for an empty span.</returns>
    public static bool LooksLikePercent(ReadOnlySpan<double> pd)
    {
        long above = 0;
        foreach (double p in pd)
        {
            above += p > PercentHint ? 1 : 0;
        }

        return LooksLikePercent(pd.Length, above);
    }

    /// <summary>Whether <paramref name="above"/> of <paramref name="count"/> PDs above <see cref="PercentHint"/> is more than half (the streaming form of <see cref="LooksLikePercent(ReadOnlySpan{double})"/>).</summary>
    /// <param name="count">PDs read, >= 0.</param>
    /// <param name="above">Of them, those above <see cref="PercentHint"/>, in [0, <paramref name="count"/>].</param>
    /// <returns>True when more than half are above.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or <paramref name="above"/> is outside [0, count].</exception>
    public static bool LooksLikePercent(long count, long above)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(above);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(above, count);
        return above > count / 2.0;
    }
}
