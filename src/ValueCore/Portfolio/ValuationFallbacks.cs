namespace ValueCore.Portfolio;

/// <summary>How many loans a run valued under a convention for want of a value (docs/conventions.md, "The valuation
/// engine"): the same counts whether the book was valued in memory (<see cref="PortfolioResult.Fallbacks"/>) or streamed
/// from a file by the batch.</summary>
/// <param name="DrawnFromEad">Loans without a drawn balance: interest and funding accrue on the EAD.</param>
/// <param name="TermFromMaturity">Loans without a term that have an effective maturity: the FTP term is the maturity.</param>
/// <param name="MaturityFromTerm">Non-retail loans without an effective maturity: M = the contractual term (Basel II para 320).</param>
/// <param name="DefaultedWithoutBeel">Defaulted loans (PD = 1) without a BEEL: BEEL = LGD, so K = 0.</param>
public readonly record struct ValuationFallbacks(long DrawnFromEad, long TermFromMaturity, long MaturityFromTerm, long DefaultedWithoutBeel)
{
    /// <summary>The counts of two runs (or chunks) together.</summary>
    /// <param name="left">One set of counts.</param>
    /// <param name="right">The other.</param>
    /// <returns>The sums, count by count.</returns>
    public static ValuationFallbacks operator +(ValuationFallbacks left, ValuationFallbacks right) => left.Add(right);

    /// <summary>The counts of this run and another together.</summary>
    /// <param name="other">The other counts.</param>
    /// <returns>The sums, count by count.</returns>
    public ValuationFallbacks Add(ValuationFallbacks other) => new(DrawnFromEad + other.DrawnFromEad, TermFromMaturity + other.TermFromMaturity,
        MaturityFromTerm + other.MaturityFromTerm, DefaultedWithoutBeel + other.DefaultedWithoutBeel);

    /// <summary>The counts of one loan's flags.</summary>
    internal static ValuationFallbacks Of(Fallback f) => new(
        (long)(f & Fallback.DrawnFromEad), (long)(f & Fallback.TermFromMaturity) >> 1,
        (long)(f & Fallback.MaturityFromTerm) >> 2, (long)(f & Fallback.DefaultedWithoutBeel) >> 3);

    /// <summary>The counts of many loans' flags (one byte of <see cref="Fallback"/> per loan).</summary>
    internal static ValuationFallbacks Of(ReadOnlySpan<byte> flags)
    {
        long drawn = 0, term = 0, maturity = 0, beel = 0;
        foreach (byte b in flags)
        {
            drawn += b & 1;
            term += (b >> 1) & 1;
            maturity += (b >> 2) & 1;
            beel += (b >> 3) & 1;
        }

        return new(drawn, term, maturity, beel);
    }
}

/// <summary>The conventions a loan's valuation applied for want of a value, one byte per loan (counted by <see cref="ValuationFallbacks"/>).</summary>
[Flags]
internal enum Fallback : byte
{
    None = 0,

    /// <summary>No drawn balance: interest and funding accrue on the EAD.</summary>
    DrawnFromEad = 1,

    /// <summary>No term: the FTP term is the effective maturity.</summary>
    TermFromMaturity = 2,

    /// <summary>A non-retail loan without an effective maturity: M = the contractual term (Basel II para 320).</summary>
    MaturityFromTerm = 4,

    /// <summary>A defaulted loan (PD = 1) without a beel value: BEEL = LGD, so K = 0.</summary>
    DefaultedWithoutBeel = 8,
}

