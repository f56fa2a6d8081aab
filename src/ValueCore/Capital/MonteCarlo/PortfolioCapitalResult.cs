using ValueCore.Portfolio;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// The result of <see cref="PortfolioCapital.Run"/>: the simulated loss distribution with VaR, ES, EC and standard
/// errors, the Euler contributions and allocated capital of every loan, the standalone valuation, RAROC and EVA on
/// standalone and on allocated capital per loan with totals, and the same figures by group.
/// </summary>
public sealed class PortfolioCapitalResult
{
    internal PortfolioCapitalResult(PortfolioCapitalOptions options, MonteCarloResult monteCarlo, PortfolioResult valuation, double[] allocatedCapital,
        DiversifiedProfitability profitability, CapitalGroups groups, GranularityResult? granularity = null, HerfindahlIndices? herfindahl = null)
    {
        Granularity = granularity;
        Herfindahl = herfindahl;
        Options = options;
        MonteCarlo = monteCarlo;
        Valuation = valuation;
        AllocatedCapital = allocatedCapital;
        Profitability = profitability;
        Groups = groups;
    }

    /// <summary>The options used.</summary>
    public PortfolioCapitalOptions Options { get; }

    /// <summary>The simulation: EL, VaR, ES, EC with standard errors, loss quantiles and histogram, and per-loan Euler contributions with standard errors.</summary>
    public MonteCarloResult MonteCarlo { get; }

    /// <summary>The standalone valuation of the book (IRB EC, EL, revenue, return, RAROC, EVA per loan).</summary>
    public PortfolioResult Valuation { get; }

    /// <summary>The economic capital allocated to each loan by <see cref="PortfolioCapitalOptions.Allocation"/>, in currency; sums to <see cref="MonteCarloResult.Ec"/>.</summary>
    public IReadOnlyList<double> AllocatedCapital { get; }

    /// <summary>RAROC and EVA on standalone and on allocated capital, per loan and in total.</summary>
    public DiversifiedProfitability Profitability { get; }

    /// <summary>The figures by the groups of <see cref="PortfolioCapitalOptions.GroupBy"/>.</summary>
    public CapitalGroups Groups { get; }

    /// <summary>The granularity adjustment of the standalone (ASRF) IRB capital by obligor; null unless <see cref="PortfolioCapitalOptions.Granularity"/> is set.</summary>
    public GranularityResult? Granularity { get; }

    /// <summary>The Herfindahl indices of EAD by obligor, segment and sector; null unless <see cref="PortfolioCapitalOptions.Granularity"/> is set.</summary>
    public HerfindahlIndices? Herfindahl { get; }

    /// <summary>The same figures by another grouping of the book the run valued (e.g. a second <c>by_</c> table).</summary>
    /// <param name="book">The book passed to <see cref="PortfolioCapital.Run"/>.</param>
    /// <param name="columns">Text columns of the book to group by.</param>
    /// <returns>The figures by group, keys in ordinal order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The book is not the one valued, or a column is not a text column of the book.</exception>
    public CapitalGroups Group(LoanBook book, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(columns);
        if (book.Count != MonteCarlo.Exposures.Count)
        {
            throw new ArgumentException($"The book has {book.Count} loans; the run valued {MonteCarlo.Exposures.Count}.", nameof(book));
        }

        foreach (string column in columns)
        {
            if (!book.TryGetTextColumn(column, out _))
            {
                throw new ArgumentException($"The book has no text column '{column}' to group by.", nameof(columns));
            }
        }

        return CapitalGroups.Compute(book, MonteCarlo, Valuation, Profitability, columns);
    }
}
