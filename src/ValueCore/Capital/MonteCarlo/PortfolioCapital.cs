using ValueCore.Portfolio;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// Portfolio economic capital of a loan book by Monte Carlo, allocated to every loan (Euler), with RAROC and EVA on
/// standalone and on allocated capital, per loan, by group and in total: the book-level entry point of
/// <c>valuecore capital</c>.
/// </summary>
/// <remarks>
/// Steps: <see cref="CreditExposures.FromBook"/> (loans of one customer are one obligor); <see cref="PortfolioMonteCarlo.Run"/>
/// with <see cref="PortfolioCapitalOptions.MonteCarlo"/> (its PD floors those of the valuation options);
/// <see cref="PortfolioValuation.Run"/> for the standalone figures; <see cref="MonteCarloResult.AllocatedCapital"/> by
/// <see cref="PortfolioCapitalOptions.Allocation"/>; <see cref="DiversifiedProfitability.Compute"/>; sums by group.
/// With <see cref="PortfolioCapitalOptions.Granularity"/>: <see cref="GranularityAdjustment.Compute"/> of the standalone IRB
/// capital by obligor and the <see cref="Concentration.Herfindahl(ReadOnlySpan{double}, ReadOnlySpan{string})"/> indices of EAD.
/// Results are bit-identical for a seed on any number of threads. See docs/montecarlo.md.
/// </remarks>
public static class PortfolioCapital
{
    /// <summary>Runs the simulation, the standalone valuation and the allocation for a book.</summary>
    /// <param name="book">The loan book.</param>
    /// <param name="options">Settings; null for <see cref="PortfolioCapitalOptions.Default"/>.</param>
    /// <param name="progress">Receives the number of first-pass scenarios done so far (from worker threads); may be null.</param>
    /// <param name="cancellationToken">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    /// <exception cref="ArgumentException">A grouping column is not a text column of the book.</exception>
    /// <exception cref="DataValidationException">A loan breaks a rule of <see cref="CreditExposures.Create"/> (issues name 1-based record numbers), or an obligor has no factor loadings.</exception>
    /// <exception cref="InvalidOperationException">A numerical step of the simulation failed.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static PortfolioCapitalResult Run(LoanBook book, PortfolioCapitalOptions? options = null, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default) =>
        RunWith(book, options, (exposures, mcOptions) => PortfolioMonteCarlo.Run(exposures, mcOptions, progress, cancellationToken));

    /// <summary>As <see cref="Run(LoanBook, PortfolioCapitalOptions?, IProgress{long}?, CancellationToken)"/> with the simulation
    /// run by <paramref name="simulate"/> (the cluster's, whose result equals <see cref="PortfolioMonteCarlo.Run"/>'s bit for bit).</summary>
    internal static PortfolioCapitalResult RunWith(LoanBook book, PortfolioCapitalOptions? options,
        Func<CreditExposures, MonteCarloOptions, MonteCarloResult> simulate)
    {
        ArgumentNullException.ThrowIfNull(book);
        options ??= PortfolioCapitalOptions.Default;
        foreach (string column in options.GroupBy)
        {
            if (!book.TryGetTextColumn(column, out _))
            {
                throw new ArgumentException($"The book has no text column '{column}' to group by.", nameof(options));
            }
        }

        var exposures = CreditExposures.FromBook(book);
        var mcOptions = options.MonteCarlo with { Irb = options.Valuation.Irb };
        var mc = simulate(exposures, mcOptions);
        var valuation = PortfolioValuation.Run(book, options.Valuation, options.MonteCarlo.MaxDegreeOfParallelism);
        var allocated = mc.AllocatedCapital(options.Allocation);
        var profitability = DiversifiedProfitability.Compute(valuation, allocated);
        var groups = CapitalGroups.Compute(book, mc, valuation, profitability, options.GroupBy);
        if (options.Granularity is not GranularityOptions granularityOptions)
        {
            return new PortfolioCapitalResult(options, mc, valuation, allocated, profitability, groups);
        }

        // The adjustment of the standalone IRB capital (the ASRF capital, at the valuation's confidence), by obligor.
        var granularity = GranularityAdjustment.Compute(book.Ead, valuation.Pd, book.Lgd, valuation.Ec, exposures.Obligor,
            granularityOptions with { Confidence = options.Valuation.Irb.Confidence });
        var obligorKey = new string[book.Count];
        for (int i = 0; i < obligorKey.Length; i++)
        {
            obligorKey[i] = exposures.Obligor[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        double? bySector = null;
        if (book.TryGetTextColumn(HerfindahlIndices.SectorColumn, out var sector))
        {
            bySector = Concentration.Herfindahl(book.Ead, sector.ToArray());
        }

        var herfindahl = new HerfindahlIndices(Concentration.Herfindahl(book.Ead, obligorKey), Concentration.Herfindahl(book.Ead, book.Segment), bySector);
        return new PortfolioCapitalResult(options, mc, valuation, allocated, profitability, groups, granularity, herfindahl);
    }
}
