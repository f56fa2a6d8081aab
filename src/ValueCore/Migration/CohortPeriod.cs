namespace ValueCore.Migration;

/// <summary>One cohort period: its dates, counts and matrix.</summary>
/// <param name="Start">The period start, in the history's time unit.</param>
/// <param name="End">The period end, in the history's time unit.</param>
/// <param name="Matrix">The period's matrix (unit rows where a state had no entity at the start).</param>
/// <param name="Counts">The (weighted) counts from state i at the start to j at the end.</param>
/// <param name="UnobservedStates">Non-absorbing states with no entity at the start of this period.</param>
public sealed record CohortPeriod(double Start, double End, TransitionMatrix Matrix, double[,] Counts, IReadOnlyList<string> UnobservedStates);
