using ValueCore.Internal;
using ValueCore.Profitability;

namespace ValueCore.Risk.Aggregation;

/// <summary>
/// RAROC and EVA of every unit of an aggregation on its standalone EC (the sum over its risk types) and on its diversified
/// EC (its Euler contribution to the aggregated total).
/// </summary>
/// <remarks>
/// RAROC = return / EC (<see cref="RiskAdjustedReturn.Raroc(double, double)"/>; null when the EC is not positive); EVA =
/// return - hurdle x EC (the one EVA formula of <see cref="RiskAdjustedReturn"/>; a negative diversified EC, a unit that
/// hedges the bank, earns a capital credit). The return is taken as given (docs/risk-aggregation.md, section 4).
/// </remarks>
public sealed class UnitProfitability
{
    private UnitProfitability(IReadOnlyList<string> units, double[] ret, double[] standalone, double[] diversified, double?[] standaloneRaroc,
        double?[] diversifiedRaroc, double? hurdle, double[]? standaloneEva, double[]? diversifiedEva)
    {
        Units = units;
        Return = ret;
        StandaloneEc = standalone;
        DiversifiedEc = diversified;
        StandaloneRaroc = standaloneRaroc;
        DiversifiedRaroc = diversifiedRaroc;
        Hurdle = hurdle;
        StandaloneEva = standaloneEva;
        DiversifiedEva = diversifiedEva;
    }

    /// <summary>The units, in the aggregation's order.</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>The after-tax risk-adjusted return of each unit, in currency per year.</summary>
    public IReadOnlyList<double> Return { get; }

    /// <summary>Standalone EC of each unit (its EC summed over risk types), in currency.</summary>
    public IReadOnlyList<double> StandaloneEc { get; }

    /// <summary>Diversified EC of each unit (its Euler contribution), in currency; may be negative.</summary>
    public IReadOnlyList<double> DiversifiedEc { get; }

    /// <summary>RAROC on standalone EC, a fraction per year; null where that EC is 0.</summary>
    public IReadOnlyList<double?> StandaloneRaroc { get; }

    /// <summary>RAROC on diversified EC, a fraction per year; null where that EC is not positive.</summary>
    public IReadOnlyList<double?> DiversifiedRaroc { get; }

    /// <summary>The hurdle rate of the EVA columns, a fraction; null when none was given (then there are no EVA columns).</summary>
    public double? Hurdle { get; }

    /// <summary>EVA on standalone EC, in currency; null without a hurdle.</summary>
    public IReadOnlyList<double>? StandaloneEva { get; }

    /// <summary>EVA on diversified EC, in currency; null without a hurdle.</summary>
    public IReadOnlyList<double>? DiversifiedEva { get; }

    /// <summary>Computes each unit's RAROC (and EVA with a hurdle) on standalone and on diversified EC.</summary>
    /// <param name="aggregation">The aggregation.</param>
    /// <param name="returnByUnit">The after-tax risk-adjusted return of each unit of <see cref="AggregationResult.Units"/>, in that order, finite, in currency.</param>
    /// <param name="hurdle">The hurdle rate for EVA, a fraction in [-1, 10]; null for no EVA.</param>
    /// <returns>The figures.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="returnByUnit"/> has not one element per unit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A return is not finite, or the hurdle is outside [-1, 10].</exception>
    public static UnitProfitability Compute(AggregationResult aggregation, IReadOnlyList<double> returnByUnit, double? hurdle = null)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        ArgumentNullException.ThrowIfNull(returnByUnit);
        int n = aggregation.Units.Count;
        if (returnByUnit.Count != n)
        {
            ThrowHelper.Argument(nameof(returnByUnit), $"{returnByUnit.Count} returns for {n} units.");
        }

        if (hurdle is double hr && !(hr >= -1.0 && hr <= 10.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(hurdle), hr, "[-1, 10]");
        }

        var ret = new double[n];
        var standalone = new double[n];
        var diversified = new double[n];
        var standaloneRaroc = new double?[n];
        var diversifiedRaroc = new double?[n];
        var standaloneEva = hurdle is null ? null : new double[n];
        var diversifiedEva = hurdle is null ? null : new double[n];
        for (int u = 0; u < n; u++)
        {
            double r = returnByUnit[u];
            if (!double.IsFinite(r))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(returnByUnit), r, "the finite numbers");
            }

            ret[u] = r;
            standalone[u] = aggregation.UnitStandalone[u];
            diversified[u] = aggregation.UnitContribution[u];
            standaloneRaroc[u] = RiskAdjustedReturn.Raroc(r, standalone[u]);
            diversifiedRaroc[u] = diversified[u] > 0.0 ? RiskAdjustedReturn.Raroc(r, diversified[u]) : null;
            if (hurdle is double h)
            {
                standaloneEva![u] = RiskAdjustedReturn.Eva(r, standalone[u], h);
                diversifiedEva![u] = RiskAdjustedReturn.EvaUnchecked(r, diversified[u], h);
            }
        }

        return new UnitProfitability(aggregation.Units, ret, standalone, diversified, standaloneRaroc, diversifiedRaroc, hurdle, standaloneEva, diversifiedEva);
    }
}
