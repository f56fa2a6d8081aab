using ValueCore.Internal;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Pricing;

namespace ValueCore.Scenarios;

/// <summary>
/// The lifetime value of every loan carried through a scenario run (<see cref="LifetimeValuation.Run"/> on each stressed book):
/// NPV of EVA and the present values of revenue, EL, EC and return over the loan's remaining life.
/// </summary>
/// <remarks>
/// <para>What acts on the measure (docs/scenarios.md, "Lifetime value under a scenario"): the stressed book (rate and FTP shocks,
/// EAD, LGD, fee and cost shocks, and PD shocks when there is no matrix), the scenario's valuation parameters (hurdle, tax,
/// capital rate, confidence, regime), and the scenario's <see cref="Scenario.Migration"/> on the matrix: a Z-shift (Z_1, Z_2, ...)
/// makes year y migrate and default by <see cref="ZShift.Condition"/>(M, ρ, Z_y), then reverts to M over
/// <see cref="LifetimeMeasureOptions.ReversionYears"/> years (<see cref="ZShift.YearModels"/>, as the provisions measure shocks
/// its matrix); a replacement matrix replaces M in every year. With a matrix the book's PD (and its shocks) does not act.</para>
/// <para>Figures per loan (additive): <c>npv_eva</c>, <c>pv_revenue</c>, <c>pv_el</c>, <c>pv_ec</c> (capital-years), <c>pv_return</c>;
/// a loan in a default state at the start adds 0. A group's lifetime RAROC is pv_return / pv_ec.</para>
/// </remarks>
public sealed class LifetimeMeasure : IScenarioMeasure
{
    private readonly LifetimeMeasureOptions _options;

    /// <summary>Creates the measure.</summary>
    /// <param name="options">The lifetime settings, the Z-shift correlation and the replacement matrices.</param>
    /// <exception cref="ArgumentOutOfRangeException">ρ or the reversion years are outside their ranges.</exception>
    /// <exception cref="ArgumentException">A replacement matrix does not cover one year, is given without a matrix, or has other states.</exception>
    public LifetimeMeasure(LifetimeMeasureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Lifetime, nameof(options));
        ArgumentNullException.ThrowIfNull(options.ReplacementMatrices, nameof(options));
        if (options.Rho is double rho && !(rho >= 0 && rho < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options), rho, "Rho in [0, 1)");
        }

        if (options.ReversionYears is < 0 or > 100)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options), options.ReversionYears, "ReversionYears in [0, 100]");
        }

        foreach (var (name, m) in options.ReplacementMatrices)
        {
            if (options.Lifetime.Matrix is not { } matrix || !m.States.Equals(matrix.States) || Math.Abs(m.PeriodYears - 1.0) > TransitionMatrix.PeriodTolerance)
            {
                ThrowHelper.Argument(nameof(options), $"Replacement matrix '{name}' ({m.States}) is not a one-year matrix on the states of the lifetime matrix ({options.Lifetime.Matrix?.States.ToString() ?? "none"}).");
            }
        }

        _options = options;
    }

    /// <inheritdoc />
    public string Name => "lifetime";

    /// <inheritdoc />
    public IReadOnlyList<string> Figures { get; } = ["npv_eva", "pv_revenue", "pv_el", "pv_ec", "pv_return"];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The scenario shocks the migration matrix and the measure has none, shifts it by Z
    /// without <see cref="LifetimeMeasureOptions.Rho"/>, or names a replacement matrix the options lack.</exception>
    /// <exception cref="DataValidationException">A loan has no term, or a classification that is not a state of the matrix (by record).</exception>
    public IReadOnlyList<double[]> Evaluate(StressedBook input, PortfolioResult valuation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = LifetimeValuation.Run(input.Book, OptionsFor(input.Scenario, input.Options));
        return [Additive(result.NpvEva), Additive(result.PvRevenue), Additive(result.PvEl), Additive(result.PvEc), Additive(result.PvReturn)];
    }

    /// <summary>The lifetime settings of one scenario: its valuation options and its migration shock on the matrix.</summary>
    private LifetimeOptions OptionsFor(Scenario scenario, ValuationOptions valuation)
    {
        var lifetime = _options.Lifetime with { Valuation = valuation };
        if (scenario.Migration is not { } shock)
        {
            return lifetime;
        }

        if (lifetime.Matrix is not { } matrix)
        {
            ThrowHelper.Argument(nameof(scenario), $"Scenario '{scenario.Name}' shocks the migration matrix: the lifetime measure needs a matrix (LifetimeOptions.Matrix); with a flat PD, shock the PD.");
            return lifetime;
        }

        if (shock.Matrix is string name)
        {
            if (!_options.ReplacementMatrices.TryGetValue(name, out var replacement))
            {
                ThrowHelper.Argument(nameof(scenario), $"Scenario '{scenario.Name}' replaces the migration matrix by '{name}', which the lifetime measure was not given.");
            }

            return lifetime with { MatrixByYear = [replacement] };
        }

        if (_options.Rho is not double rho)
        {
            ThrowHelper.Argument(nameof(scenario), $"Scenario '{scenario.Name}' shifts the migration matrix by Z: the lifetime measure needs the asset correlation (LifetimeMeasureOptions.Rho).");
            return lifetime;
        }

        var years = ZShift.YearModels(matrix, rho, shock.ZShiftByYear, _options.ReversionYears);
        return lifetime with { MatrixByYear = [.. years.Select(m => m as TransitionMatrix ?? m.Over(1))] };
    }

    /// <summary>The figure per loan, 0 for a loan that starts in default (it adds nothing to the sums).</summary>
    private static double[] Additive(ReadOnlySpan<double> values)
    {
        var x = new double[values.Length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = double.IsNaN(values[i]) ? 0.0 : values[i];
        }

        return x;
    }
}
