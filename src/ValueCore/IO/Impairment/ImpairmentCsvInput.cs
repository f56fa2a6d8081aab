using ValueCore.Impairment;

namespace ValueCore.IO.Impairment;

/// <summary>What <see cref="ImpairmentCsv.Read(string, string, ImpairmentOptions?, int)"/> read: the validated book and the inputs' fingerprints and row counts (for a manifest).</summary>
/// <param name="Book">The book of accepted loans, with every rejected loan and its reasons.</param>
/// <param name="LoansSha256">The SHA-256 of the loan file, lower-case hexadecimal.</param>
/// <param name="CashFlowsSha256">The SHA-256 of the cash-flow file, lower-case hexadecimal.</param>
/// <param name="CashFlowRowsRead">The data rows of the cash-flow file (blank lines and the header excluded).</param>
public sealed record ImpairmentCsvInput(ImpairmentBook Book, string LoansSha256, string CashFlowsSha256, long CashFlowRowsRead);
