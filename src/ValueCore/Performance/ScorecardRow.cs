namespace ValueCore.Performance;

/// <summary>One group of a scorecard: its key, loan count, summed figures and rank by EVA.</summary>
/// <param name="Keys">The values of the grouping columns.</param>
/// <param name="Loans">The number of loans.</param>
/// <param name="Figures">The summed figures.</param>
/// <param name="Rank">1 for the largest EVA; ties are broken by key (ordinal).</param>
public sealed record ScorecardRow(IReadOnlyList<string> Keys, long Loans, PerformanceFigures Figures, int Rank)
{
    /// <summary>Creator (EVA &gt; 0), destroyer (EVA &lt; 0) or neutral.</summary>
    public ValueStatus Status => Scorecard.StatusOf(Figures.Eva);
}
