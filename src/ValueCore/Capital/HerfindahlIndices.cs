namespace ValueCore.Capital;

/// <summary>Herfindahl indices of a book's EAD by obligor, segment and sector (<see cref="Concentration.Herfindahl(ReadOnlySpan{double}, ReadOnlySpan{string})"/>).</summary>
/// <param name="Obligor">By obligor (loans of one customer id together, a loan without one on its own); null without exposure.</param>
/// <param name="Segment">By segment; null without exposure.</param>
/// <param name="Sector">By the text column <see cref="SectorColumn"/>; null when the book has no such column or no exposure.</param>
public readonly record struct HerfindahlIndices(double? Obligor, double? Segment, double? Sector)
{
    /// <summary>The name of the optional text column that holds a loan's sector: <c>sector</c>.</summary>
    public const string SectorColumn = "sector";
}
