using ValueCore.Provisions;

namespace ValueCore.IO;

/// <summary>The inputs and settings of the provisions measure in a scenario run from files (<see cref="ScenarioJob"/>): the
/// migration matrix file and the options of <c>valuecore provision ecl</c> that apply to one matrix.</summary>
/// <remarks>The book needs <c>classification</c> (a state of the matrix), <c>eir</c>, <c>amortisation</c> (or
/// <see cref="DefaultProfile"/>), <c>remaining_term</c> or <c>maturity_date</c> (with <see cref="AsOf"/>), and optionally
/// <c>stage</c>, <c>dpd</c>, <c>pd_origination</c> and <c>impairment</c>, with the rules of docs/provisions.md.</remarks>
public sealed record ScenarioProvisionOptions
{
    /// <summary>The one-year migration matrix CSV (<c>from,&lt;states&gt;</c>).</summary>
    public required string MatrixPath { get; init; }

    /// <summary>The absorbing states of the matrix files; empty (default) for the last state.</summary>
    public IReadOnlyList<string> Absorbing { get; init; } = [];

    /// <summary>The states that count as default; empty (default) for the matrix's absorbing states.</summary>
    public IReadOnlyList<string> DefaultStates { get; init; } = [];

    /// <summary>Classifications that mean stage 2; empty (default) for <c>special_mention</c>.</summary>
    public IReadOnlyList<string> WatchStates { get; init; } = [];

    /// <summary>The asset correlation of the migration Z-shift, in [0, 1); needed by scenarios with <c>migration: { z_shift }</c>.</summary>
    public double? Rho { get; init; }

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
