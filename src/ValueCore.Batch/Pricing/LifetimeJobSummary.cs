using ValueCore.Pricing;

namespace ValueCore.Batch.Pricing;

/// <summary>What <see cref="LifetimeCsvJob"/> read, valued and wrote.</summary>
/// <param name="Source">The book's file name.</param>
/// <param name="Result">The lifetime valuation of the book.</param>
/// <param name="Groups">Per grouping, its columns and groups.</param>
/// <param name="TermFromRemainingTerm">Whether the loans' term was read from the book's <c>remaining_term</c> column.</param>
public sealed record LifetimeJobSummary(string Source, LifetimeResult Result,
    IReadOnlyList<(IReadOnlyList<string> Columns, IReadOnlyList<LifetimeGroup> Rows)> Groups, bool TermFromRemainingTerm);
