namespace ValueCore.Provisions;

/// <summary>The IFRS 9 staging, ECL and loss allowance of a book (<see cref="EclCalculator"/>): per-loan columns in book
/// order, totals by stage, by segment and by scenario, and the movement from an opening book when one was given.</summary>
/// <remarks>PDs and ECLs are probability-weighted over the scenarios; the stage comes from the weighted lifetime PD. Totals are
/// compensated (Neumaier) sums over fixed chunks of loans reduced in order, so they do not depend on the thread count.</remarks>
public sealed class EclBookResult
{
    private readonly string[] _loanId;
    private readonly int[] _stage;
    private readonly StageReason[] _reason;
    private readonly double[] _pd12, _pdLife, _ecl12, _eclLife, _lgd, _allowance, _scenarioAllowance;
    private readonly int _scenarioCount;

    internal EclBookResult(string[] loanId, int[] stage, StageReason[] reason, double[] pd12, double[] pdLife, double[] ecl12, double[] eclLife,
        double[] lgd, double[] allowance, double[] scenarioAllowance, int scenarioCount, IReadOnlyList<EclScenario> scenarios,
        IReadOnlyList<double> scenarioTotals, IReadOnlyList<EclStageTotal> byStage, IReadOnlyList<EclSegmentTotal> bySegment, double total,
        int horizonYears, long eclLgdFallbacks, IReadOnlyList<EclMovementLine>? movement)
    {
        _loanId = loanId;
        _stage = stage;
        _reason = reason;
        _pd12 = pd12;
        _pdLife = pdLife;
        _ecl12 = ecl12;
        _eclLife = eclLife;
        _lgd = lgd;
        _allowance = allowance;
        _scenarioAllowance = scenarioAllowance;
        _scenarioCount = scenarioCount;
        Scenarios = scenarios;
        ScenarioTotals = scenarioTotals;
        ByStage = byStage;
        BySegment = bySegment;
        Total = total;
        HorizonYears = horizonYears;
        EclLgdFallbacks = eclLgdFallbacks;
        Movement = movement;
    }

    /// <summary>The number of loans.</summary>
    public int Count => _loanId.Length;

    /// <summary>Identifiers, in book order.</summary>
    public ReadOnlySpan<string> LoanId => _loanId;

    /// <summary>IFRS 9 stages (1, 2, 3).</summary>
    public ReadOnlySpan<int> Stage => _stage;

    /// <summary>The rule that set each stage.</summary>
    public ReadOnlySpan<StageReason> Reason => _reason;

    /// <summary>Weighted 12-month PDs, fractions.</summary>
    public ReadOnlySpan<double> PD12Month => _pd12;

    /// <summary>Weighted lifetime PDs, fractions.</summary>
    public ReadOnlySpan<double> PDLifetime => _pdLife;

    /// <summary>Weighted 12-month ECLs (currency).</summary>
    public ReadOnlySpan<double> Ecl12Month => _ecl12;

    /// <summary>Weighted lifetime ECLs (currency).</summary>
    public ReadOnlySpan<double> EclLifetime => _eclLife;

    /// <summary>The LGD each ECL used: the ECL LGD where given, else the book's LGD (fractions).</summary>
    public ReadOnlySpan<double> Lgd => _lgd;

    /// <summary>The loss allowance of each loan for its stage (<see cref="ExpectedCreditLoss.Allowance"/>; currency).</summary>
    public ReadOnlySpan<double> Allowance => _allowance;

    /// <summary>The scenarios of the run (empty for the unconditioned model alone).</summary>
    public IReadOnlyList<EclScenario> Scenarios { get; }

    /// <summary>The allowance of each loan under one scenario (its stage as in <see cref="Stage"/>; currency).</summary>
    /// <param name="scenario">The scenario's index in <see cref="Scenarios"/>.</param>
    /// <returns>One value per loan.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scenario"/> is not an index of <see cref="Scenarios"/>.</exception>
    public double[] ScenarioAllowance(int scenario)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scenario);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(scenario, Scenarios.Count);
        var values = new double[Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = _scenarioAllowance[(i * _scenarioCount) + scenario];
        }

        return values;
    }

    /// <summary>The total allowance under each scenario, in <see cref="Scenarios"/> order (currency).</summary>
    public IReadOnlyList<double> ScenarioTotals { get; }

    /// <summary>Loans, exposure and allowance of stages 1, 2 and 3, in that order.</summary>
    public IReadOnlyList<EclStageTotal> ByStage { get; }

    /// <summary>Loans, exposure and allowance by stage of each segment, in ordinal order of the segment.</summary>
    public IReadOnlyList<EclSegmentTotal> BySegment { get; }

    /// <summary>The total loss allowance: the stage totals added in stage order (currency).</summary>
    public double Total { get; }

    /// <summary>The longest remaining term rounded up to whole years, at least 1.</summary>
    public int HorizonYears { get; }

    /// <summary>The loans without an ECL LGD, whose ECL used the book's LGD.</summary>
    public long EclLgdFallbacks { get; }

    /// <summary>The movement of the allowance from the opening book, eight lines in <see cref="EclMovementKind"/> order; null when
    /// the run had no opening book.</summary>
    public IReadOnlyList<EclMovementLine>? Movement { get; }
}
