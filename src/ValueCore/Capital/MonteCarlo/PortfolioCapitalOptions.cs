using ValueCore.Portfolio;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>Settings of <see cref="PortfolioCapital.Run"/>: the simulation, the standalone valuation, the allocation and the grouping.</summary>
/// <remarks>
/// The simulation settings (scenarios, seed, confidence, quantile levels, copula and its degrees of freedom, factors,
/// importance sampling, VaR window, threads) are those of <see cref="MonteCarloOptions"/>, validated there; the PD floors
/// of the simulation are those of <see cref="Valuation"/> (<see cref="ValuationOptions.Irb"/>), so the standalone and the
/// simulated capital floor PDs alike.
/// </remarks>
public sealed record PortfolioCapitalOptions
{
    private readonly MonteCarloOptions _monteCarlo = MonteCarloOptions.Default;
    private readonly ValuationOptions _valuation = ValuationOptions.Default;
    private readonly CapitalAllocation _allocation = CapitalAllocation.ExpectedShortfall;
    private readonly IReadOnlyList<string> _groupBy = [LoanColumns.Segment];
    private readonly GranularityOptions? _granularity;

    /// <summary>The default options: <see cref="MonteCarloOptions.Default"/>, <see cref="ValuationOptions.Default"/>, expected-shortfall allocation, grouped by segment.</summary>
    public static PortfolioCapitalOptions Default { get; } = new();

    /// <summary>The simulation settings; default <see cref="MonteCarloOptions.Default"/>. Its <see cref="MonteCarloOptions.MaxDegreeOfParallelism"/> also bounds the standalone valuation's threads; its <see cref="MonteCarloOptions.Irb"/> is replaced by <see cref="Valuation"/>'s.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public MonteCarloOptions MonteCarlo
    {
        get => _monteCarlo;
        init => _monteCarlo = value ?? throw new ArgumentNullException(nameof(MonteCarlo));
    }

    /// <summary>The standalone valuation (IRB settings and profitability parameters: hurdle, tax rate, capital rate); default <see cref="ValuationOptions.Default"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ValuationOptions Valuation
    {
        get => _valuation;
        init => _valuation = value ?? throw new ArgumentNullException(nameof(Valuation));
    }

    /// <summary>How the portfolio's economic capital is allocated to loans for the diversified RAROC and EVA; default <see cref="CapitalAllocation.ExpectedShortfall"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined method.</exception>
    public CapitalAllocation Allocation
    {
        get => _allocation;
        init
        {
            if (!Enum.IsDefined(value))
            {
                Internal.ThrowHelper.ArgumentOutOfRange(nameof(Allocation), (double)value, "the defined allocation methods");
            }

            _allocation = value;
        }
    }

    /// <summary>The text columns of the book to group by (one group per distinct combination, in ordinal order of the keys); default segment. Empty for no groups.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">A name is null or empty.</exception>
    public IReadOnlyList<string> GroupBy
    {
        get => _groupBy;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (string column in value)
            {
                if (string.IsNullOrEmpty(column))
                {
                    throw new ArgumentException("A grouping column name is empty.", nameof(GroupBy));
                }
            }

            _groupBy = [.. value];
        }
    }

    /// <summary>The granularity adjustment and the Herfindahl indices (<see cref="PortfolioCapitalResult.Granularity"/>,
    /// <see cref="PortfolioCapitalResult.Herfindahl"/>); null (the default) for none. Its confidence is replaced by that of
    /// <see cref="Valuation"/>'s IRB options, the confidence of the ASRF capital it adjusts.</summary>
    public GranularityOptions? Granularity { get => _granularity; init => _granularity = value; }
}
