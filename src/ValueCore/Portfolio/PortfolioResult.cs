namespace ValueCore.Portfolio;

/// <summary>The columnar result of <see cref="PortfolioValuation.Run"/>: one value per loan per measure, in book order.</summary>
public sealed class PortfolioResult
{
    private readonly ValuationColumns _columns;

    private readonly double[] _ftpRate;

    internal PortfolioResult(LoanBook book, ValuationOptions options, ValuationColumns columns, int zeroCapitalCount, double[] ftpRate, ValuationFallbacks fallbacks)
    {
        _ftpRate = ftpRate;
        Fallbacks = fallbacks;
        Book = book;
        Options = options;
        _columns = columns;
        ZeroCapitalCount = zeroCapitalCount;
    }

    /// <summary>The book that was valued.</summary>
    public LoanBook Book { get; }

    /// <summary>The options used.</summary>
    public ValuationOptions Options { get; }

    /// <summary>The number of loans.</summary>
    public int Count => Book.Count;

    /// <summary>The number of loans with zero economic capital, whose RAROC is not defined (NaN in <see cref="Raroc"/>).</summary>
    public int ZeroCapitalCount { get; }

    /// <summary>The number of loans whose PD the technical floor <see cref="Capital.IrbFormula.TechnicalPdFloor"/> lifted
    /// (their PD was below it after the regulatory or chosen floor).</summary>
    public int TechnicalPdFloorCount => _columns.TechnicalFloorLoans;

    /// <summary>How many loans took a convention for want of a value (drawn = EAD, term = maturity, M = term, BEEL = LGD);
    /// the counts the batch reports for the same book read from a file.</summary>
    public ValuationFallbacks Fallbacks { get; }

    /// <summary>The transfer price used per loan: the book's, or the one derived from <see cref="ValuationOptions.Funding"/>
    /// where the book gives none (the batch's <c>ftp_rate</c> output column).</summary>
    public ReadOnlySpan<double> FtpRate => _ftpRate.AsSpan(0, Count);

    /// <summary>The PD used: floored (regulatory or chosen floor, then the technical floor), or 1 for defaulted loans.</summary>
    public ReadOnlySpan<double> Pd => _columns.Pd.AsSpan(0, Count);

    /// <summary>Asset correlation R.</summary>
    public ReadOnlySpan<double> Correlation => _columns.Correlation.AsSpan(0, Count);

    /// <summary>Maturity adjustment (1 for retail).</summary>
    public ReadOnlySpan<double> MaturityAdjustment => _columns.MaturityAdjustment.AsSpan(0, Count);

    /// <summary>Economic capital requirement K per unit of EAD (at <see cref="Capital.IrbOptions.Confidence"/>, no scaling factor).</summary>
    public ReadOnlySpan<double> K => _columns.K.AsSpan(0, Count);

    /// <summary>Risk-weighted assets on the regulatory basis = 12.5 x scaling x K(q = 0.999) x EAD, the scaling factor
    /// being the regime's (<see cref="Capital.IrbFormula.RegulatoryScalingFactor"/>: 1.06 under Basel II, defaulted loans included).</summary>
    public ReadOnlySpan<double> Rwa => _columns.Rwa.AsSpan(0, Count);

    /// <summary>Under Basel III (<see cref="Capital.CapitalRegime.Basel3"/>): the LGD used on the regulatory basis per loan, after
    /// the advanced IRB floors, foundation IRB supervisory values and collateral (NaN for loans on the standardised approach);
    /// empty under Basel II.</summary>
    public ReadOnlySpan<double> LgdUsed => _columns.HasRegulatory ? _columns.LgdUsed.AsSpan(0, Count) : default;

    /// <summary>Under Basel III: the standardised-approach RWA per loan (CRE20-22), in currency; empty under Basel II.</summary>
    public ReadOnlySpan<double> RwaSa => _columns.HasRegulatory ? _columns.RwaSa.AsSpan(0, Count) : default;

    /// <summary>Under Basel III: the standardised risk weight per loan, a fraction (0.75, not 75); empty under Basel II.</summary>
    public ReadOnlySpan<double> RiskWeightSa => _columns.HasRegulatory ? _columns.RiskWeightSa.AsSpan(0, Count) : default;

    /// <summary>Under Basel III: the loans that asked for advanced IRB and were valued on foundation IRB (CRE30.34).</summary>
    public int FoundationIrbRequiredCount => _columns.FoundationForcedLoans;

    /// <summary>Expected loss = PD LGD EAD (defaulted: BEEL EAD).</summary>
    public ReadOnlySpan<double> El => _columns.El.AsSpan(0, Count);

    /// <summary>Economic capital = K EAD (economic basis: the options' confidence, no scaling factor).</summary>
    public ReadOnlySpan<double> Ec => _columns.Ec.AsSpan(0, Count);

    /// <summary>Revenue net of funding = EAD (rate - FTP) + fees.</summary>
    public ReadOnlySpan<double> Revenue => _columns.Revenue.AsSpan(0, Count);

    /// <summary>Pre-tax risk-adjusted return.</summary>
    public ReadOnlySpan<double> PreTaxReturn => _columns.PreTaxReturn.AsSpan(0, Count);

    /// <summary>After-tax risk-adjusted return.</summary>
    public ReadOnlySpan<double> Return => _columns.Return.AsSpan(0, Count);

    /// <summary>RAROC = return / EC; NaN marks a loan with zero capital (not defined).</summary>
    public ReadOnlySpan<double> Raroc => _columns.Raroc.AsSpan(0, Count);

    /// <summary>EVA = return - hurdle EC.</summary>
    public ReadOnlySpan<double> Eva => _columns.Eva.AsSpan(0, Count);

    /// <summary>Sums by one or more text columns of the book (e.g. segment, product, or an extra attribute).</summary>
    /// <param name="columns">The grouping columns; none gives a single group.</param>
    /// <returns>The group table, rows sorted by key.</returns>
    /// <exception cref="ArgumentException">The book has no such column.</exception>
    public GroupTable GroupBy(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var keyColumns = columns.Select(c => Book.TextColumn(c)).ToArray();
        var acc = new GroupAccumulator(columns);
        var values = new string[columns.Length];
        for (int i = 0; i < Count; i++)
        {
            for (int c = 0; c < keyColumns.Length; c++)
            {
                values[c] = keyColumns[c][i];
            }

            int g = acc.GroupOf(GroupAccumulator.JoinKey(values));
            acc.Add(g, Book.Ead[i], El[i], Ec[i], Rwa[i], Revenue[i], Return[i], Eva[i]);
        }

        return acc.ToTable();
    }
}
