namespace ValueCore.Scenarios;

/// <summary>Scenario × group: every figure of every scenario with its baseline value and change, for one grouping.</summary>
public sealed class ScenarioComparison
{
    internal ScenarioComparison(IReadOnlyList<string> keyColumns, IReadOnlyList<string> figures, IReadOnlyList<ComparisonRow> rows)
    {
        KeyColumns = keyColumns;
        Figures = figures;
        Rows = rows;
    }

    /// <summary>The grouping columns.</summary>
    public IReadOnlyList<string> KeyColumns { get; }

    /// <summary>The figures compared, in order.</summary>
    public IReadOnlyList<string> Figures { get; }

    /// <summary>The rows: per scenario (in run order), the groups in key order then the portfolio, each with every figure.</summary>
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>Looks up one row.</summary>
    /// <param name="scenario">The scenario name.</param>
    /// <param name="figure">The figure.</param>
    /// <param name="keys">The group's key values; none for the portfolio.</param>
    /// <returns>The row.</returns>
    /// <exception cref="KeyNotFoundException">No such row.</exception>
    public ComparisonRow Get(string scenario, string figure, params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Rows.FirstOrDefault(r => r.Scenario == scenario && r.Figure == figure && r.Keys.SequenceEqual(keys, StringComparer.Ordinal))
            ?? throw new KeyNotFoundException($"No row for scenario '{scenario}', figure '{figure}', keys [{string.Join(", ", keys)}].");
    }
}
