namespace ValueCore.Risk.Aggregation;

/// <summary>One way in which a matrix fails to be a correlation matrix.</summary>
/// <param name="Row">The 0-based row of the offending element, or -1 for a property of the whole matrix.</param>
/// <param name="Column">The 0-based column of the offending element, or -1 for a property of the whole matrix.</param>
/// <param name="Value">The offending value (the smallest eigenvalue for positive semi-definiteness).</param>
/// <param name="Rule">The rule broken, as a sentence fragment such as "differs from the element [1, 0] = 0.3 (not symmetric)".</param>
public readonly record struct CorrelationIssue(int Row, int Column, double Value, string Rule);
