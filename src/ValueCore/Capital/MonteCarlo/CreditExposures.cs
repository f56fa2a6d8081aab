using System.Globalization;
using ValueCore.Portfolio;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// The loans a portfolio Monte Carlo needs, column by column, grouped into obligors: loans with the same customer id
/// default together; a loan without one is its own obligor.
/// </summary>
/// <remarks>Build one with <see cref="Create"/> (validated once), or from a loan book with <see cref="FromBook"/>.</remarks>
public sealed class CreditExposures
{
    private CreditExposures(string[] loanId, string[] customerId, string[] segment, AssetClass[] assetClass, double[] ead, double[] pd,
        double[] lgd, double[] sales, int[] obligorOfLoan, int obligorCount, int[] firstLoanOfObligor)
    {
        LoanIds = loanId;
        CustomerIds = customerId;
        Segments = segment;
        AssetClasses = assetClass;
        EadColumn = ead;
        PdColumn = pd;
        LgdColumn = lgd;
        SalesColumn = sales;
        ObligorOfLoan = obligorOfLoan;
        ObligorCount = obligorCount;
        FirstLoanOfObligor = firstLoanOfObligor;
    }

    /// <summary>The number of loans.</summary>
    public int Count => LoanIds.Length;

    /// <summary>The number of obligors (distinct customer ids plus loans without one).</summary>
    public int ObligorCount { get; }

    /// <summary>Loan identifiers.</summary>
    public ReadOnlySpan<string> LoanId => LoanIds;

    /// <summary>Customer identifiers (empty where the loan is its own obligor).</summary>
    public ReadOnlySpan<string> CustomerId => CustomerIds;

    /// <summary>Segments.</summary>
    public ReadOnlySpan<string> Segment => Segments;

    /// <summary>The obligor index of each loan, in [0, <see cref="ObligorCount"/>), numbered in order of first appearance.</summary>
    public ReadOnlySpan<int> Obligor => ObligorOfLoan;

    internal string[] LoanIds { get; }
    internal string[] CustomerIds { get; }
    internal string[] Segments { get; }
    internal AssetClass[] AssetClasses { get; }
    internal double[] EadColumn { get; }
    internal double[] PdColumn { get; }
    internal double[] LgdColumn { get; }
    internal double[] SalesColumn { get; }
    internal int[] ObligorOfLoan { get; }
    internal int[] FirstLoanOfObligor { get; }

    /// <summary>Validates the columns and groups loans into obligors.</summary>
    /// <param name="loanId">Loan identifiers, unique and non-empty.</param>
    /// <param name="customerId">Customer identifiers; empty for a loan that is its own obligor.</param>
    /// <param name="segment">Segments (used for factor loadings by segment).</param>
    /// <param name="assetClass">Basel asset classes (for the IRB correlation and PD floor).</param>
    /// <param name="ead">EAD, &gt;= 0, in currency.</param>
    /// <param name="pd">One-year PD, in (0, 1]; all loans of one customer must have the same PD (defaults are per obligor).</param>
    /// <param name="lgd">LGD, in [0, 1].</param>
    /// <param name="salesEurMillions">Annual sales in EUR millions, &gt;= 0, or <see cref="IrbFormula.NoSales"/>.</param>
    /// <returns>The exposures.</returns>
    /// <exception cref="ArgumentException">Column lengths differ.</exception>
    /// <exception cref="DataValidationException">A value breaks a rule; every issue names its 1-based record number.</exception>
    public static CreditExposures Create(ReadOnlySpan<string> loanId, ReadOnlySpan<string> customerId, ReadOnlySpan<string> segment,
        ReadOnlySpan<AssetClass> assetClass, ReadOnlySpan<double> ead, ReadOnlySpan<double> pd, ReadOnlySpan<double> lgd,
        ReadOnlySpan<double> salesEurMillions)
    {
        int n = loanId.Length;
        Internal.SpanGuard.SameLength(customerId, n);
        Internal.SpanGuard.SameLength(segment, n);
        Internal.SpanGuard.SameLength(assetClass, n);
        Internal.SpanGuard.SameLength(ead, n);
        Internal.SpanGuard.SameLength(pd, n);
        Internal.SpanGuard.SameLength(lgd, n);
        Internal.SpanGuard.SameLength(salesEurMillions, n);
        var issues = new DataIssueCollector("exposures");
        void Report(int i, string column, string value, string rule) => issues.Add(i + 1, column, value, rule);

        static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var ids = new HashSet<string>(n, StringComparer.Ordinal);
        var obligorOf = new int[n];
        var byCustomer = new Dictionary<string, int>(StringComparer.Ordinal);
        var first = new List<int>();
        for (int i = 0; i < n; i++)
        {
            string id = loanId[i] ?? "";
            if (id.Length == 0 || !ids.Add(id))
            {
                Report(i, "loan_id", id, id.Length == 0 ? "must not be empty" : "is repeated");
            }

            if ((uint)assetClass[i] > (uint)AssetClass.RetailOther)
            {
                Report(i, "asset_class", ((int)assetClass[i]).ToString(CultureInfo.InvariantCulture), "is not a defined asset class");
            }

            if (!(ead[i] >= 0.0 && double.IsFinite(ead[i])))
            {
                Report(i, "ead", R(ead[i]), "must be >= 0");
            }

            if (!(pd[i] > 0.0 && pd[i] <= 1.0))
            {
                Report(i, "pd", R(pd[i]), "is outside (0, 1]");
            }

            if (!(lgd[i] >= 0.0 && lgd[i] <= 1.0))
            {
                Report(i, "lgd", R(lgd[i]), "is outside [0, 1]");
            }

            if (!(salesEurMillions[i] >= 0.0))
            {
                Report(i, "sales", R(salesEurMillions[i]), "must be >= 0 (EUR millions)");
            }

            string customer = customerId[i] ?? "";
            if (customer.Length == 0)
            {
                obligorOf[i] = first.Count;
                first.Add(i);
                continue;
            }

            if (byCustomer.TryGetValue(customer, out int o))
            {
                obligorOf[i] = o;
                int f = first[o];
                if (pd[i] != pd[f])
                {
                    Report(i, "pd", R(pd[i]), Invariant($"differs from the PD {R(pd[f])} of loan '{loanId[f]}' (record {f + 1}) of the same customer '{customer}' (loan '{loanId[i]}'; an obligor defaults once: give its loans one PD)"));
                }
            }
            else
            {
                byCustomer[customer] = first.Count;
                obligorOf[i] = first.Count;
                first.Add(i);
            }
        }

        issues.ThrowIfAny();

        return new CreditExposures(loanId.ToArray(), Copy(customerId), Copy(segment), assetClass.ToArray(), ead.ToArray(), pd.ToArray(),
            lgd.ToArray(), salesEurMillions.ToArray(), obligorOf, first.Count, [.. first]);
    }

    /// <summary>The exposures of a loan book: its loan and customer ids, segments, asset classes, EAD, PD, LGD and sales.</summary>
    /// <param name="book">The loan book.</param>
    /// <returns>The exposures, one per loan in book order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    /// <exception cref="DataValidationException">A rule of <see cref="Create"/> is broken (a PD of 0, or one customer's loans with different
    /// PDs); every issue names its 1-based record number in the book.</exception>
    public static CreditExposures FromBook(LoanBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return Create(book.LoanId, book.CustomerId, book.Segment, book.AssetClass, book.Ead, book.Pd, book.Lgd, book.SalesEurMillions);
    }

    private static string[] Copy(ReadOnlySpan<string> s)
    {
        var a = new string[s.Length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = s[i] ?? "";
        }

        return a;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
