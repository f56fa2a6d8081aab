using ValueCore.Portfolio;

namespace ValueCore.Scenarios;

/// <summary>A measure carried through a scenario run besides RAROC/EVA with IRB capital (which are always computed): the extension
/// point by which the portfolio Monte Carlo capital and the migration/ECL provisions measures join the run.</summary>
/// <remarks>A measure gives per-loan, additive figures (e.g. ECL, or Euler capital contributions that sum to the portfolio's
/// capital); the run sums them by group with compensated summation and compares them with the baseline like the built-in ones.
/// It is called once for the baseline and once per scenario, with the stressed book and options, the scenario (for its
/// <see cref="Scenario.Migration"/>), and the RAROC valuation already done.</remarks>
public interface IScenarioMeasure
{
    /// <summary>The measure's name (e.g. <c>capital</c>, <c>provision</c>); names its output sub-folder.</summary>
    string Name { get; }

    /// <summary>The names of the figures it gives (e.g. <c>ecl</c>), as they appear in the comparison; distinct from the RAROC figures.</summary>
    IReadOnlyList<string> Figures { get; }

    /// <summary>Evaluates the measure on one stressed book.</summary>
    /// <param name="input">The stressed book, options and scenario (the baseline is the scenario "baseline" without shocks).</param>
    /// <param name="valuation">The RAROC valuation of that book.</param>
    /// <returns>One array per figure, in <see cref="Figures"/> order, each with one finite value per loan in book order.</returns>
    IReadOnlyList<double[]> Evaluate(StressedBook input, PortfolioResult valuation);
}
