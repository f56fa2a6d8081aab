using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using ValueCore.Performance;

namespace ValueCore.Batch;

/// <summary>What a scorecard run computed and wrote.</summary>
/// <param name="Scorecard">The scorecard by the grouping columns.</param>
/// <param name="Relationships">The customer-relationship scorecard; null when not asked.</param>
/// <param name="Change">The explained EVA change of the whole book; null without previous results.</param>
/// <param name="PoolTotal">The bank's incentive pool (sum of the units' pools); null without pools.</param>
/// <param name="Files">The files written.</param>
public sealed record ScorecardJobResult(Scorecard Scorecard, Scorecard? Relationships, EvaChange? Change, double? PoolTotal, IReadOnlyList<string> Files);
