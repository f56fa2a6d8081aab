using ValueCore.Portfolio;

namespace ValueCore.IO.Provisions;

/// <summary>Reads a loan book for provisioning: the <see cref="LoanBookCsv"/> book plus each loan's physical line, so that
/// checks on the provisioning columns (eir, amortisation, remaining_term, ...) can name the line.</summary>
public static class ProvisionBookCsv
{
    /// <summary>Reads and validates a whole loan book, carrying the extra columns that the file has among <paramref name="wanted"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="wanted">Extra columns to carry as text when present in the header (absent ones are skipped).</param>
    /// <param name="lines">The physical 1-based line of each loan (header = 1), in book order.</param>
    /// <returns>The book, rows in file order.</returns>
    /// <exception cref="DataValidationException">The file is empty or a row breaks a loan-book rule (all are listed).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static LoanBook Read(string path, IReadOnlyList<string> wanted, out long[] lines)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(wanted);
        string header;
        using (var reader = new StreamReader(path, CsvText.Utf8, detectEncodingFromByteOrderMarks: true))
        {
            header = reader.ReadLine() ?? "";
        }

        var present = new HashSet<string>(header.Split(',').Select(h => h.Trim().Trim('"')), StringComparer.Ordinal);
        var options = new LoanBookCsvOptions { Attributes = [.. wanted.Where(present.Contains)] };
        var list = new List<long>();
        var book = LoanBookCsv.Read(path, options, list);
        lines = [.. list];
        return book;
    }
}
