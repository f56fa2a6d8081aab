namespace ValueCore.Provisions;

/// <summary>The IFRS 9 stage of a loan and the reason.</summary>
/// <param name="Stage">1 (12-month ECL), 2 (lifetime ECL, performing) or 3 (credit-impaired).</param>
/// <param name="Reason">The rule that set the stage.</param>
public readonly record struct StageAssignment(int Stage, StageReason Reason);
