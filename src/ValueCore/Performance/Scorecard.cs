namespace ValueCore.Performance;

/// <summary>
/// EVA, RAROC, return, EC and the spread over the hurdle by any grouping, ranked by EVA (value creators first,
/// destroyers last); built with <see cref="ScorecardBuilder"/>.
/// </summary>
/// <remarks>Sums are Neumaier-compensated and taken in input order; RAROC = Σ return / Σ EC and the spread over the
/// hurdle = Σ EVA / Σ EC (the RAROC less the capital-weighted hurdle, exact when hurdles differ by segment). When
/// allocated capital is known the same figures are given on it. See docs/performance-and-pricing.md.</remarks>
public sealed class Scorecard
{
    internal Scorecard(IReadOnlyList<string> keyColumns, IReadOnlyList<ScorecardRow> rows, ScorecardRow total, bool hasAllocatedCapital)
    {
        KeyColumns = keyColumns;
        Rows = rows;
        Total = total;
        HasAllocatedCapital = hasAllocatedCapital;
    }

    /// <summary>The grouping columns.</summary>
    public IReadOnlyList<string> KeyColumns { get; }

    /// <summary>The groups, ranked by EVA (largest first).</summary>
    public IReadOnlyList<ScorecardRow> Rows { get; }

    /// <summary>All groups together (rank 0).</summary>
    public ScorecardRow Total { get; }

    /// <summary>Whether every loan had an allocated capital, so that the allocated figures are filled.</summary>
    public bool HasAllocatedCapital { get; }

    /// <summary>The groups that create value (EVA &gt; 0), best first.</summary>
    public IEnumerable<ScorecardRow> Creators => Rows.Where(r => r.Figures.Eva > 0.0);

    /// <summary>The groups that destroy value (EVA &lt; 0), worst last.</summary>
    public IEnumerable<ScorecardRow> Destroyers => Rows.Where(r => r.Figures.Eva < 0.0);

    /// <summary>The status of an EVA figure.</summary>
    /// <param name="eva">EVA, in currency.</param>
    /// <returns>Creator when positive, destroyer when negative, else neutral.</returns>
    public static ValueStatus StatusOf(double eva) => eva > 0.0 ? ValueStatus.Creator : eva < 0.0 ? ValueStatus.Destroyer : ValueStatus.Neutral;
}
