namespace ValueCore.Capital.MonteCarlo;

/// <summary>The first-pass results of a contiguous range of scenarios: losses, likelihood-ratio weights and exact per-obligor sums.</summary>
internal sealed class ScenarioBlock
{
    /// <summary>Per-obligor sums over the scenarios in which it defaults: w, w l, w^2, w^2 l, w^2 l^2 (l the loss as a share of the total).</summary>
    public const int SumsPerObligor = 5;

    public required long First { get; init; }
    public required double[] Loss { get; init; }
    public required double[] Weight { get; init; }
    public required Int128[] Sums { get; init; }
    public long Count => Loss.Length;
}
