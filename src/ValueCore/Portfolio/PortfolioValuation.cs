namespace ValueCore.Portfolio;

/// <summary>Values every loan of a book: IRB capital, expected loss, risk-adjusted return, RAROC and EVA.</summary>
/// <remarks>The formulas are those of <see cref="Capital.IrbFormula"/> and <see cref="Profitability.RiskAdjustedReturn"/>;
/// docs/methodology.md states each with its source. Work is split in fixed chunks, so results do not depend on the
/// number of threads.</remarks>
public static class PortfolioValuation
{
    internal const int ChunkSize = 8192;

    /// <summary>Values a loan book; loans without a transfer price take one derived from <see cref="ValuationOptions.Funding"/>.</summary>
    /// <param name="book">The book.</param>
    /// <param name="options">Capital and financial settings; null for <see cref="ValuationOptions.Default"/>.</param>
    /// <param name="maxDegreeOfParallelism">The most threads to use; null or -1 for all cores.</param>
    /// <returns>The per-loan results.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    /// <exception cref="DataValidationException">A loan has no transfer price and none can be derived (no funding curve, no
    /// term nor maturity, or terms outside the transfer-pricing ranges); every such loan is listed by its 1-based record.</exception>
    public static PortfolioResult Run(LoanBook book, ValuationOptions? options = null, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(book);
        options ??= ValuationOptions.Default;
        int dop = maxDegreeOfParallelism ?? -1;
        if (dop == 0 || dop < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), dop, "Use -1 (all cores) or a positive number.");
        }

        int n = book.Count;
        var ftp = FtpRates(book, options.Funding);
        var columns = new ValuationColumns(n);
        var hurdle = HurdlePerLoan(book.Segment, options);
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        var zero = new int[chunks];
        var lifted = new int[chunks];
        var forced = new int[chunks];
        // Basel III: the regulatory basis (docs/methodology.md, sections 9-12), with the regulatory retail criteria
        // (CRE20.65) over the whole book first.
        bool[]? retail = options.Irb.Regime == Capital.CapitalRegime.Basel3 ? RegulatoryKernel.RegulatoryRetail(book, book.Regulatory) : null;
        if (retail is not null)
        {
            columns.EnsureRegulatory();
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = dop }, c =>
        {
            int start = c * ChunkSize;
            int len = Math.Min(ChunkSize, n - start);
            var part = new ValuationColumns(len);
            double[] undrawnIncome = book.HasDrawnAndUndrawn ? new double[len] : [];
            bool hasUndrawnIncome = book.UndrawnIncome(start, len, undrawnIncome);
            zero[c] = ValuationKernel.Value(len, book.AssetClass.Slice(start, len), book.Ead.Slice(start, len),
                book.Pd.Slice(start, len), book.Lgd.Slice(start, len), book.MaturityYears.Slice(start, len),
                book.SalesEurMillions.Slice(start, len), book.Rate.Slice(start, len), ftp.AsSpan(start, len),
                book.Fees.Slice(start, len), book.Opex.Slice(start, len), book.Beel.Slice(start, len),
                book.AccruingBalance.Slice(start, len), hasUndrawnIncome ? undrawnIncome : default,
                hurdle.Length == 1 ? hurdle : hurdle.AsSpan(start, len), options, part);
            lifted[c] = part.TechnicalFloorLoans;
            if (retail is not null)
            {
                forced[c] = RegulatoryKernel.Apply(len, book.AssetClass.Slice(start, len), book.Ead.Slice(start, len),
                    book.AccruingBalance.Slice(start, len), book.Undrawn.IsEmpty ? default : book.Undrawn.Slice(start, len),
                    book.Pd.Slice(start, len), book.Lgd.Slice(start, len), book.MaturityYears.Slice(start, len),
                    book.SalesEurMillions.Slice(start, len), book.Beel.Slice(start, len), book.Regulatory, start,
                    retail.AsSpan(start, len), part, options.Irb.PdFloor);
                part.LgdUsed.AsSpan(0, len).CopyTo(columns.LgdUsed.AsSpan(start));
                part.RwaSa.AsSpan(0, len).CopyTo(columns.RwaSa.AsSpan(start));
                part.RiskWeightSa.AsSpan(0, len).CopyTo(columns.RiskWeightSa.AsSpan(start));
            }

            Copy(part, columns, start, len);
        });
        columns.TechnicalFloorLoans = lifted.Sum();
        columns.FoundationForcedLoans = forced.Sum();
        return new PortfolioResult(book, options, columns, zero.Sum(), ftp, book.Fallbacks);
    }

    /// <summary>The transfer price of every loan: the book's, or where it gives none (NaN) the matched-maturity rate from
    /// the funding curves over the loan's term, repayment profile and repricing term (the batch's rule, the same bits).</summary>
    /// <returns>The book's own array when every loan has a transfer price, else a new one.</returns>
    /// <exception cref="DataValidationException">A loan without a transfer price cannot have one derived; every such loan is listed.</exception>
    internal static double[] FtpRates(LoanBook book, Pricing.FundingOptions? funding)
    {
        var given = book.FtpRateArray;
        int n = book.Count;
        int first = FirstNaN(given, n);
        if (first < 0)
        {
            return given;
        }

        var ftp = given.AsSpan(0, n).ToArray();
        var issues = new List<DataIssue>();
        long total = 0;
        for (int i = first; i < n; i++)
        {
            if (!double.IsNaN(ftp[i]))
            {
                continue;
            }

            var rate = default(Pricing.FtpRate);
            DataIssue? issue = funding is null
                ? new DataIssue(i + 1, LoanColumns.FtpRate, "", "is required (the valuation options give no funding curve to derive it from)")
                : funding.TryRate(book, i, out rate);
            if (issue is DataIssue x)
            {
                total++;
                if (issues.Count < DataValidationException.MaxListed)
                {
                    issues.Add(x);
                }

                continue;
            }

            ftp[i] = rate.BaseRate + rate.LiquidityPremium;
        }

        if (total > 0)
        {
            throw new DataValidationException("loans", issues, total);
        }

        return ftp;
    }

    private static int FirstNaN(double[] values, int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Per-loan hurdles when segment hurdles are set, else one element.</summary>
    internal static double[] HurdlePerLoan(ReadOnlySpan<string> segment, ValuationOptions options)
    {
        if (options.HurdleBySegment.Count == 0)
        {
            return [options.Profitability.Hurdle];
        }

        var h = new double[segment.Length];
        for (int i = 0; i < h.Length; i++)
        {
            h[i] = options.HurdleFor(segment[i]);
        }

        return h;
    }

    private static void Copy(ValuationColumns from, ValuationColumns to, int start, int len)
    {
        from.Pd.AsSpan(0, len).CopyTo(to.Pd.AsSpan(start));
        from.Correlation.AsSpan(0, len).CopyTo(to.Correlation.AsSpan(start));
        from.MaturityAdjustment.AsSpan(0, len).CopyTo(to.MaturityAdjustment.AsSpan(start));
        from.K.AsSpan(0, len).CopyTo(to.K.AsSpan(start));
        from.Rwa.AsSpan(0, len).CopyTo(to.Rwa.AsSpan(start));
        from.El.AsSpan(0, len).CopyTo(to.El.AsSpan(start));
        from.Ec.AsSpan(0, len).CopyTo(to.Ec.AsSpan(start));
        from.Revenue.AsSpan(0, len).CopyTo(to.Revenue.AsSpan(start));
        from.PreTaxReturn.AsSpan(0, len).CopyTo(to.PreTaxReturn.AsSpan(start));
        from.Return.AsSpan(0, len).CopyTo(to.Return.AsSpan(start));
        from.Raroc.AsSpan(0, len).CopyTo(to.Raroc.AsSpan(start));
        from.Eva.AsSpan(0, len).CopyTo(to.Eva.AsSpan(start));
    }
}
