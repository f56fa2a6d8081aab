using ValueCore.Provisions;

namespace ValueCore.IO.Provisions;

/// <summary>How <see cref="EclBookCsv"/> reads a book: the loan-book options and what the provisioning columns may leave out.</summary>
public sealed record EclBookCsvOptions
{
    /// <summary>The loan-book defaults, no reporting date and no default amortisation profile.</summary>
    public static EclBookCsvOptions Default { get; } = new();

    /// <summary>How the loan book is read (column map, which may name the provisioning columns too; source name); <see cref="LoanBookCsvOptions.Default"/> by default.</summary>
    public LoanBookCsvOptions Csv { get; init; } = LoanBookCsvOptions.Default;

    /// <summary>The reporting date, needed when a remaining term comes from <c>maturity_date</c> (days / 365.25); null (default) for none.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The profile of a book without an amortisation column; null (default): the column is required.</summary>
    public EadProfile? Amortisation { get; init; }
}
