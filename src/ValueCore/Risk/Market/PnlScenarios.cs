using ValueCore.Internal;

namespace ValueCore.Risk.Market;

/// <summary>
/// Profit-and-loss scenario vectors of business units over one common set of scenarios, stored columnar (one
/// contiguous vector of scenarios per unit); immutable and validated once.
/// </summary>
public sealed class PnlScenarios
{
    private readonly double[] _pnl;

    private PnlScenarios(string[] units, int scenarioCount, double[] pnl)
    {
        Units = units;
        ScenarioCount = scenarioCount;
        _pnl = pnl;
    }

    /// <summary>The unit names, in the order of the vectors.</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>The number of scenarios n common to every unit.</summary>
    public int ScenarioCount { get; }

    /// <summary>Creates the set from a unit-major matrix: element [u x n + s] is unit u's P&amp;L in scenario s.</summary>
    /// <param name="units">Distinct unit names, at least one.</param>
    /// <param name="scenarioCount">The number of scenarios n, &gt;= 1.</param>
    /// <param name="pnlByUnit">The P&amp;L values in currency, length units x n, all finite; copied.</param>
    /// <returns>The scenario set.</returns>
    /// <exception cref="ArgumentException">The units are empty or repeated, or the matrix has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The scenario count is below 1 or a value is not finite.</exception>
    public static PnlScenarios Create(IReadOnlyList<string> units, int scenarioCount, ReadOnlySpan<double> pnlByUnit)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (units.Count == 0)
        {
            ThrowHelper.Argument(nameof(units), "At least one unit is needed.");
        }

        if (units.Distinct(StringComparer.Ordinal).Count() != units.Count)
        {
            ThrowHelper.Argument(nameof(units), "Unit names must be distinct.");
        }

        if (scenarioCount < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(scenarioCount), scenarioCount, "[1, inf)");
        }

        SpanGuard.SameLength(pnlByUnit, checked(units.Count * scenarioCount));
        for (int i = 0; i < pnlByUnit.Length; i++)
        {
            if (!double.IsFinite(pnlByUnit[i]))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(pnlByUnit), pnlByUnit[i], "finite numbers");
            }
        }

        return new PnlScenarios([.. units], scenarioCount, pnlByUnit.ToArray());
    }

    /// <summary>The P&amp;L vector of one unit.</summary>
    /// <param name="unitIndex">The unit's index in <see cref="Units"/>.</param>
    /// <returns>n values in currency, one per scenario.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the units.</exception>
    public ReadOnlySpan<double> Unit(int unitIndex)
    {
        if ((uint)unitIndex >= (uint)Units.Count)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(unitIndex), unitIndex, "the unit indices");
        }

        return _pnl.AsSpan(unitIndex * ScenarioCount, ScenarioCount);
    }

    internal ReadOnlySpan<double> Matrix => _pnl;
}
