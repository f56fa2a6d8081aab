using ValueCore.Portfolio;

namespace ValueCore.Scenarios;

/// <summary>How <see cref="ScenarioAnalysis.Run"/> values the baseline and the scenarios.</summary>
public sealed record ScenarioAnalysisOptions
{
    /// <summary>The default options.</summary>
    public static ScenarioAnalysisOptions Default { get; } = new();

    /// <summary>The baseline's valuation options (scenarios change them by their parameters); default <see cref="ValuationOptions.Default"/>.</summary>
    public ValuationOptions Valuation { get; init; } = ValuationOptions.Default;

    /// <summary>The groupings compared, each a list of text columns; default one grouping by segment.</summary>
    public IReadOnlyList<IReadOnlyList<string>> GroupBy { get; init; } = [[LoanColumns.Segment]];

    /// <summary>Measures carried through the run besides RAROC/EVA with IRB capital (always computed); empty by default.</summary>
    public IReadOnlyList<IScenarioMeasure> Measures { get; init; } = [];

    /// <summary>Whether each outcome keeps its per-loan valuation (<see cref="ScenarioOutcome.Valuation"/>); default true. False keeps
    /// the group figures only, so that many scenarios over a large book fit in memory (use <see cref="OnValued"/> to write per-loan results).</summary>
    public bool KeepValuations { get; init; } = true;

    /// <summary>Called for the baseline and then each scenario, in order, as soon as it is valued (with its valuation, kept or not); null by default.</summary>
    public Action<ScenarioOutcome, PortfolioResult>? OnValued { get; init; }

    /// <summary>The most threads to use; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
