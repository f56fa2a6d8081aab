using System.Globalization;
using ValueCore.Internal;

namespace ValueCore.Scenarios;

/// <summary>The scenarios of one run, with the baseline's probability weight when weights are used.</summary>
/// <remarks>Either no scenario has a weight, or every one has. With weights, the baseline carries the rest of the probability,
/// 1 − Σ weights (or the weight given, in which case all weights must sum to 1); the probability-weighted view then averages the
/// baseline and the scenarios with these weights.</remarks>
public sealed class ScenarioSet
{
    /// <summary>The tolerance on the sum of the weights.</summary>
    public const double WeightTolerance = 1e-9;

    /// <summary>Creates a set.</summary>
    /// <param name="scenarios">The scenarios; names unique ignoring case, and not "baseline".</param>
    /// <param name="baselineWeight">The baseline's weight in [0, 1]; null: 1 − Σ weights when weights are used.</param>
    /// <exception cref="ArgumentException">Names repeat or are "baseline"; some scenarios have weights and others not; the weights sum to more than 1, or (with a baseline weight) not to 1; a baseline weight is given without scenario weights.</exception>
    public ScenarioSet(IEnumerable<Scenario> scenarios, double? baselineWeight = null)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        Scenarios = [.. scenarios];
        // Case-insensitive: the names are output folders, and some file systems ignore case.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Scenario.Baseline.Name };
        foreach (var s in Scenarios)
        {
            if (!names.Add(s.Name))
            {
                ThrowHelper.Argument(nameof(scenarios), $"Scenario name '{s.Name}' is used twice or is reserved ('baseline').");
            }
        }

        int weighted = Scenarios.Count(s => s.Weight is not null);
        if (weighted > 0 && weighted < Scenarios.Count)
        {
            ThrowHelper.Argument(nameof(scenarios), "Either every scenario has a weight or none has.");
        }

        if (weighted == 0 && baselineWeight is not null)
        {
            ThrowHelper.Argument(nameof(baselineWeight), "A baseline weight needs weights on the scenarios.");
        }

        if (weighted > 0)
        {
            double sum = 0;
            foreach (var s in Scenarios)
            {
                sum += s.Weight!.Value;
            }

            if (baselineWeight is double b)
            {
                if (!(b >= 0 && b <= 1) || Math.Abs(sum + b - 1) > WeightTolerance)
                {
                    ThrowHelper.Argument(nameof(baselineWeight), string.Create(CultureInfo.InvariantCulture, $"The weights sum to {sum + b:R} with the baseline's; they must sum to 1."));
                }
            }
            else if (sum > 1 + WeightTolerance)
            {
                ThrowHelper.Argument(nameof(scenarios), string.Create(CultureInfo.InvariantCulture, $"The scenario weights sum to {sum:R}, more than 1 (the baseline takes 1 - sum)."));
            }

            BaselineWeight = baselineWeight ?? Math.Max(0, 1 - sum);
        }
    }

    /// <summary>The scenarios, in order.</summary>
    public IReadOnlyList<Scenario> Scenarios { get; }

    /// <summary>The baseline's probability weight; null when no weights are used.</summary>
    public double? BaselineWeight { get; }

    /// <summary>Whether probability weights are used.</summary>
    public bool HasWeights => BaselineWeight is not null;
}
