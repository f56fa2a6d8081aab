namespace ValueCore.Risk.Market;

/// <summary>Historical VaR and ES per unit and for the bank, with the Euler (ES) contributions of the units.</summary>
public sealed class MarketRiskResult
{
    internal MarketRiskResult(IReadOnlyList<string> units, double[] valueAtRisk, double[] expectedShortfall, double[] contribution,
        double bankValueAtRisk, double bankExpectedShortfall, double tailScenarios, double scalingFactor,
        int[] tailScenarioIndices, IReadOnlyList<TailSensitivityPoint> sensitivity)
    {
        Units = units;
        ValueAtRisk = valueAtRisk;
        ExpectedShortfall = expectedShortfall;
        ExpectedShortfallContribution = contribution;
        BankValueAtRisk = bankValueAtRisk;
        BankExpectedShortfall = bankExpectedShortfall;
        TailScenarios = tailScenarios;
        ScalingFactor = scalingFactor;
        TailScenarioIndices = tailScenarioIndices;
        Sensitivity = sensitivity;
    }

    /// <summary>The unit names, in input order.</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>Standalone VaR of each unit at the capital horizon, in currency.</summary>
    public IReadOnlyList<double> ValueAtRisk { get; }

    /// <summary>Standalone ES of each unit at the capital horizon, in currency.</summary>
    public IReadOnlyList<double> ExpectedShortfall { get; }

    /// <summary>Each unit's Euler contribution to the bank ES, in currency; they sum to <see cref="BankExpectedShortfall"/>.</summary>
    public IReadOnlyList<double> ExpectedShortfallContribution { get; }

    /// <summary>The bank's VaR (of the scenario-wise sum of the units' P&amp;L), in currency.</summary>
    public double BankValueAtRisk { get; }

    /// <summary>The bank's ES, in currency: the sum of the contributions.</summary>
    public double BankExpectedShortfall { get; }

    /// <summary>The tail size m = n (1 - α), in scenarios.</summary>
    public double TailScenarios { get; }

    /// <summary>The square-root-of-time factor applied to every figure (1 without scaling).</summary>
    public double ScalingFactor { get; }

    /// <summary>The bank's tail scenarios (0-based), worst first, ties in scenario order: floor(m) + 1 of them.</summary>
    public IReadOnlyList<int> TailScenarioIndices { get; }

    /// <summary>The bank's VaR and ES for whole tail sizes around ceil(m).</summary>
    public IReadOnlyList<TailSensitivityPoint> Sensitivity { get; }
}
