using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using ValueCore.Portfolio;

namespace ValueCore.Batch;

/// <summary>What a RAROC batch read, valued, rejected and wrote.</summary>
public sealed record RarocJobSummary
{
    /// <summary>The source label (file name) used in messages.</summary>
    public required string Source { get; init; }

    /// <summary>Whether results were written (false: invalid rows without <see cref="RarocJobOptions.SkipInvalid"/>).</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Data rows read (header and blank lines excluded). Always <see cref="RowsValued"/> + <see cref="RowsRejected"/>.</summary>
    public required long RowsRead { get; init; }

    /// <summary>Rows valued and written.</summary>
    public required long RowsValued { get; init; }

    /// <summary>Rows rejected (each with one or more issues in <c>rejected.csv</c>).</summary>
    public required long RowsRejected { get; init; }

    /// <summary>Blank lines skipped (they hold no row).</summary>
    public required long BlankLines { get; init; }

    /// <summary>Whether more than half of the PDs read are above 0.2, as a book written in percent shows (<see cref="Portfolio.PdScale"/>) (after <c>PdInPercent</c> scaling, when set).</summary>
    public bool PdLooksLikePercent { get; init; }

    /// <summary>The number of issues found.</summary>
    public required long IssueCount { get; init; }

    /// <summary>The first issues (at most <see cref="DataValidationException.MaxListed"/>), in file order.</summary>
    public required IReadOnlyList<DataIssue> Issues { get; init; }

    /// <summary>Valued loans with zero economic capital (their RAROC cell is empty).</summary>
    public required long ZeroCapitalLoans { get; init; }

    /// <summary>Valued loans whose PD the technical floor (<see cref="Capital.IrbFormula.TechnicalPdFloor"/>) lifted, above the regulatory or chosen floor.</summary>
    public required long TechnicalPdFloorLoans { get; init; }

    /// <summary>Valued defaulted loans (PD = 1) without a beel value (also when the book has no beel column): their BEEL is their LGD, so K = 0.</summary>
    public required long DefaultedWithoutBeel { get; init; }

    /// <summary>Valued loans without a drawn balance, whose interest and funding accrue on the EAD (drawn = ead; docs/conventions.md).</summary>
    public long DrawnFromEadLoans { get; init; }

    /// <summary>Valued loans without a term, whose matched-maturity FTP term is their effective maturity (term = maturity).</summary>
    public long TermFromMaturityLoans { get; init; }

    /// <summary>Valued non-retail loans without an effective maturity, whose M is their term (M = term, Basel II para 320).</summary>
    public long MaturityFromTermLoans { get; init; }

    /// <summary>One table per grouping, in the order asked.</summary>
    public required IReadOnlyList<GroupTable> Groups { get; init; }

    /// <summary>The portfolio totals.</summary>
    public required GroupRow Total { get; init; }

    /// <summary>The files written (full paths).</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The SHA-256 of the input file (lower-case hex).</summary>
    public required string InputSha256 { get; init; }

    /// <summary>Under Basel III: the bank-level standardised RWA (sum of rwa_sa over the valued loans); null under Basel II.</summary>
    public double? RwaSa { get; init; }

    /// <summary>Under Basel III: the bank's IRB and SA RWA, the output floor, EL against provisions and the capital basis (issue 20 items 5-6); null under Basel II.</summary>
    public RarocRegulatorySummary? Regulatory { get; init; }

    /// <summary>Under Basel III: loans that asked for advanced IRB and were valued on foundation IRB (CRE30.34); 0 under Basel II.</summary>
    public long FoundationIrbRequiredLoans { get; init; }
}
