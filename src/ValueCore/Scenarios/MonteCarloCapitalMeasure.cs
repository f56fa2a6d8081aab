using ValueCore.Capital.MonteCarlo;
using ValueCore.Portfolio;

namespace ValueCore.Scenarios;

/// <summary>
/// Portfolio Monte Carlo economic capital carried through a scenario run: each stressed book is simulated with the same
/// seed (common random numbers, so a change between scenarios comes from the shocks, not from sampling noise), and each
/// loan gets its share of the diversified capital.
/// </summary>
/// <remarks>
/// Figures per loan: <c>mc_ec</c>, the Monte Carlo economic capital (VaR - EL at the confidence level) allocated by
/// expected-shortfall contributions (<see cref="MonteCarloResult.AllocatedCapital"/>), and <c>mc_es_contribution</c>,
/// the loan's Euler contribution to expected shortfall (Acerbi-Tasche: its losses beyond the VaR plus its share of the
/// VaR atom; <see cref="MonteCarloResult.EsContribution"/>). Both sum to the portfolio figures, so group
/// sums in the comparison are the groups' allocated capital. The simulation's confidence level and IRB settings are
/// those of the scenario (a scenario that changes the confidence changes them). See docs/montecarlo.md and
/// docs/scenarios.md. All of a customer's loans must keep one PD under the shocks (they default together).
/// </remarks>
public sealed class MonteCarloCapitalMeasure : IScenarioMeasure
{
    private readonly MonteCarloOptions _options;

    /// <summary>Creates the measure.</summary>
    /// <param name="options">Simulation settings (scenarios, seed, copula, factors, importance sampling); the confidence level and IRB options are taken from each scenario's valuation options.</param>
    public MonteCarloCapitalMeasure(MonteCarloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "capital";

    /// <inheritdoc />
    public IReadOnlyList<string> Figures { get; } = ["mc_ec", "mc_es_contribution"];

    /// <inheritdoc />
    /// <exception cref="DataValidationException">The stressed book gives one customer's loans different PDs.</exception>
    public IReadOnlyList<double[]> Evaluate(StressedBook input, PortfolioResult valuation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var b = input.Book;
        var exposures = CreditExposures.Create(b.LoanId, b.CustomerId, b.Segment, b.AssetClass, b.Ead, b.Pd, b.Lgd, b.SalesEurMillions);
        var result = PortfolioMonteCarlo.Run(exposures, _options with { Confidence = input.Options.Irb.Confidence, Irb = input.Options.Irb });
        return [result.AllocatedCapital(CapitalAllocation.ExpectedShortfall), result.EsContribution.ToArray()];
    }
}
