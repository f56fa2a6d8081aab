using ValueCore.Portfolio;

namespace ValueCore.Scenarios;

/// <summary>The result of the baseline or of one scenario: what the shocks did, the group tables, and (when kept) the per-loan valuation.</summary>
public sealed class ScenarioOutcome
{
    internal ScenarioOutcome(StressedBook input, double? weight, IReadOnlyList<GroupTable> groups, PortfolioResult? valuation, GroupFigures[] figures,
        int technicalPdFloorCount = 0, ValuationFallbacks fallbacks = default)
    {
        TechnicalPdFloorCount = technicalPdFloorCount;
        Fallbacks = fallbacks;
        Scenario = input.Scenario;
        Options = input.Options;
        Reports = input.Reports;
        Weight = weight;
        Groups = groups;
        Valuation = valuation;
        Figures = figures;
    }

    /// <summary>The scenario (<see cref="Scenario.Baseline"/> for the baseline).</summary>
    public Scenario Scenario { get; }

    /// <summary>The name.</summary>
    public string Name => Scenario.Name;

    /// <summary>The probability weight (the baseline's is the rest of the probability); null when no weights are used.</summary>
    public double? Weight { get; }

    /// <summary>Loans whose (stressed) PD the technical floor <see cref="Capital.IrbFormula.TechnicalPdFloor"/> lifted in this valuation.</summary>
    public int TechnicalPdFloorCount { get; }

    /// <summary>How many loans this valuation valued under a convention for want of a value (drawn = EAD, term = maturity,
    /// M = term, BEEL = LGD; <see cref="PortfolioResult.Fallbacks"/>): the book's, since shocks change no given/absent status.</summary>
    public ValuationFallbacks Fallbacks { get; }

    /// <summary>The valuation options used.</summary>
    public ValuationOptions Options { get; }

    /// <summary>What each shock did.</summary>
    public IReadOnlyList<ShockReport> Reports { get; }

    /// <summary>The RAROC/EVA group tables, one per grouping (the figures of the by_ files of <c>valuecore raroc</c>).</summary>
    public IReadOnlyList<GroupTable> Groups { get; }

    /// <summary>The per-loan valuation; null when the run did not keep it.</summary>
    public PortfolioResult? Valuation { get; }

    internal GroupFigures[] Figures { get; }
}

/// <summary>Every figure per group of one grouping (RAROC figures and extra measures), groups in key order, plus the portfolio.</summary>
internal sealed class GroupFigures(IReadOnlyList<string> keyColumns, IReadOnlyList<IReadOnlyList<string>> keys, double[][] values, double[] total)
{
    public IReadOnlyList<string> KeyColumns { get; } = keyColumns;

    public IReadOnlyList<IReadOnlyList<string>> Keys { get; } = keys;

    /// <summary>Per group, the figures in <see cref="ScenarioAnalysis.Figures"/> order.</summary>
    public double[][] Values { get; } = values;

    public double[] Total { get; } = total;
}
