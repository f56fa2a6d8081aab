using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using ValueCore.Provisions;

namespace ValueCore.Batch;

/// <summary>The inputs and settings of the provisions measure in a scenario run from files (<see cref="ScenarioJob"/>): the
/// migration matrix file or the folder of per-segment matrices, and the options of <c>valuecore provision ecl</c> that apply to them.</summary>
/// <remarks>Give <see cref="MatrixPath"/>, <see cref="MatricesDirectory"/> or both, as <c>valuecore provision ecl --matrix FILE
/// --matrix-by segment --matrices DIR</c>: a segment of the book uses <c>DIR/&lt;segment&gt;.csv</c> when that file exists, else
/// the matrix file (the fallback); a segment with neither is an input error naming it. The book needs <c>classification</c> (a
/// state of its segment's matrix), <c>eir</c>, <c>amortisation</c> (or
/// <see cref="DefaultProfile"/>), <c>term</c> (alias <c>remaining_term</c>) or <c>maturity_date</c> (with <see cref="AsOf"/>), and optionally
/// <c>stage</c>, <c>dpd</c>, <c>pd_origination</c>, <c>impairment</c> and <c>ecl_lgd</c>, with the rules of docs/provisions.md.</remarks>
public sealed record ScenarioProvisionOptions
{
    /// <summary>The one-year migration matrix CSV (<c>from,&lt;states&gt;</c>): the matrix of the segments without their own in
    /// <see cref="MatricesDirectory"/>; null (default) when every segment has one.</summary>
    public string? MatrixPath { get; init; }

    /// <summary>The folder of per-segment one-year matrices, <c>&lt;segment&gt;.csv</c> each (<c>--matrix-by segment --matrices DIR</c>);
    /// null (default) for one matrix for the whole book.</summary>
    public string? MatricesDirectory { get; init; }

    /// <summary>The absorbing states of the matrix files; empty (default) for the last state.</summary>
    public IReadOnlyList<string> Absorbing { get; init; } = [];

    /// <summary>The states that count as default, made absorbing in every matrix; empty (default) for the absorbing states of
    /// <see cref="MatrixPath"/>, or without it of the first per-segment matrix (segments in ordinal order).</summary>
    public IReadOnlyList<string> DefaultStates { get; init; } = [];

    /// <summary>Classifications that mean stage 2; empty (default) for <c>special_mention</c>.</summary>
    public IReadOnlyList<string> WatchStates { get; init; } = [];

    /// <summary>The asset correlation of the migration Z-shift, in [0, 1); needed by scenarios with <c>migration: { z_shift }</c>.</summary>
    public double? Rho { get; init; }

    /// <summary>The years over which a Z-shift forecast reverts to the unconditional matrix after its last year, in [0, 100]
    /// (0: at once); default <see cref="ValueCore.Migration.ZShift.DefaultReversionYears"/> (docs/provisions.md).</summary>
    public int ReversionYears { get; init; } = ValueCore.Migration.ZShift.DefaultReversionYears;

    /// <summary>Periods per year of the ECL sum: 1 (default), 4 or 12.</summary>
    public int PeriodsPerYear { get; init; } = 1;

    /// <summary>The annual prepayment rate, in [0, 1); default 0.</summary>
    public double PrepaymentRate { get; init; }

    /// <summary>The amortisation profile of a book without an <c>amortisation</c> column; null (default) requires the column.</summary>
    public EadProfile? DefaultProfile { get; init; }

    /// <summary>The reporting date, needed when the book gives <c>maturity_date</c> (remaining term = days / 365.25); null by default.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The staging thresholds; default <see cref="StagingRules.Default"/>.</summary>
    public StagingRules Staging { get; init; } = StagingRules.Default;
}
