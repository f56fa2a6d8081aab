using ValueCore.IO;

namespace ValueCore.Batch.Pricing;

/// <summary>How the lifetime model's extra columns of a book are read (<see cref="LifetimeCsvJob.Columns"/>): the reader's options
/// (term mapped to <c>remaining_term</c> when needed) and the text columns parsed after reading.</summary>
/// <param name="Csv">The reader's options.</param>
/// <param name="TermFromRemaining">Whether the term is the book's <c>remaining_term</c>.</param>
/// <param name="Amortisation">The column of the repayment type (<c>amortisation</c> or <c>repayment</c>); null if none.</param>
/// <param name="PaymentsPerYear">The column of the payments a year; null if none.</param>
internal sealed record LifetimeBookColumns(LoanBookCsvOptions Csv, bool TermFromRemaining, string? Amortisation, string? PaymentsPerYear)
{
    /// <summary>The text columns to read as attributes.</summary>
    public IEnumerable<string> Attributes => new[] { Amortisation, PaymentsPerYear }.OfType<string>();
}
