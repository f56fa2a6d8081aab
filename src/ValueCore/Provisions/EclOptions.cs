namespace ValueCore.Provisions;

/// <summary>The models and parameters of an IFRS 9 ECL run over a book (<see cref="EclCalculator.Run(EclBook, EclOptions)"/>).</summary>
public sealed record EclOptions
{
    /// <summary>No model (give <see cref="Model"/> or <see cref="SegmentModels"/>) and the documented defaults.</summary>
    public static EclOptions Default { get; } = new();

    /// <summary>Models by segment; empty by default.</summary>
    public IReadOnlyDictionary<string, EclModel> SegmentModels { get; init; } = new Dictionary<string, EclModel>(StringComparer.Ordinal);

    /// <summary>The model of segments without their own; null (default) when every segment has one.</summary>
    public EclModel? Model { get; init; }

    /// <summary>The forward-looking scenarios, in order, each model holding one curve set per scenario; empty (default) for the unconditioned model alone.</summary>
    public IReadOnlyList<EclScenario> Scenarios { get; init; } = [];

    /// <summary>Classifications that mean stage 2 (default: special_mention).</summary>
    public IReadOnlyList<string> WatchStates { get; init; } = ["special_mention"];

    /// <summary>Periods per year of the ECL sum and of the curves: 1 (default), 4 or 12.</summary>
    public int PeriodsPerYear { get; init; } = 1;

    /// <summary>The annual prepayment rate, a fraction in [0, 1); default 0.</summary>
    public double PrepaymentRate { get; init; }

    /// <summary>The staging thresholds; <see cref="StagingRules.Default"/> by default.</summary>
    public StagingRules Staging { get; init; } = StagingRules.Default;

    /// <summary>Worker threads; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
