using System.Globalization;
using ValueCore.Capital;
using ValueCore.Schedules;

namespace ValueCore.Portfolio;

/// <summary>Collects loans and builds a validated <see cref="LoanBook"/>; the only mutable type of the loan book.</summary>
public sealed class LoanBookBuilder
{
    private readonly List<Loan> _loans = [];
    private readonly string[] _attributeNames;
    private readonly List<string[]> _attributeValues = [];

    /// <summary>Creates a builder.</summary>
    /// <param name="attributeNames">Names of extra text columns (for grouping) that every added loan supplies, in order.</param>
    /// <exception cref="ArgumentException">An attribute name is empty, repeated, or a standard column name.</exception>
    public LoanBookBuilder(params IEnumerable<string> attributeNames)
    {
        ArgumentNullException.ThrowIfNull(attributeNames);
        _attributeNames = [.. attributeNames];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in _attributeNames)
        {
            if (string.IsNullOrEmpty(name) || !seen.Add(name) || IsStandard(name))
            {
                throw new ArgumentException($"Attribute name '{name}' is empty, repeated or a standard column.", nameof(attributeNames));
            }
        }
    }

    /// <summary>The number of loans added so far.</summary>
    public int Count => _loans.Count;

    /// <summary>Adds a loan.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="attributeValues">Values of the extra attributes named at construction, in the same order.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The number of attribute values differs from the number of attribute names.</exception>
    public LoanBookBuilder Add(Loan loan, params string[] attributeValues)
    {
        ArgumentNullException.ThrowIfNull(loan);
        ArgumentNullException.ThrowIfNull(attributeValues);
        if (attributeValues.Length != _attributeNames.Length)
        {
            throw new ArgumentException($"Expected {_attributeNames.Length} attribute values, got {attributeValues.Length}.", nameof(attributeValues));
        }

        _loans.Add(loan);
        _attributeValues.Add(attributeValues);
        return this;
    }

    /// <summary>Validates every loan and builds the book.</summary>
    /// <returns>The loan book.</returns>
    /// <exception cref="DataValidationException">A loan breaks a rule; every issue is listed with its 1-based record number.</exception>
    public LoanBook Build()
    {
        int n = _loans.Count;
        var issues = new List<DataIssue>();
        long total = 0;
        var ids = new Dictionary<string, int>(n, StringComparer.Ordinal);
        var loanId = new string[n];
        var segment = new string[n];
        var customer = new string[n];
        var product = new string[n];
        var classification = new string[n];
        var assetClass = new AssetClass[n];
        double[] ead = new double[n], pd = new double[n], lgd = new double[n], maturity = new double[n], sales = new double[n],
            rate = new double[n], ftp = new double[n], fees = new double[n], opex = new double[n], beel = new double[n];
        bool anyDrawn = _loans.Exists(l => l.Drawn is not null || l.Undrawn != 0.0), anyFee = _loans.Exists(l => l.CommitmentFee != 0.0),
            anyUndrawnFtp = _loans.Exists(l => l.UndrawnFtpRate != 0.0), anyTerm = _loans.Exists(l => l.TermYears is not null),
            anyAmortisation = _loans.Exists(l => l.Amortisation != Amortisation.Bullet), anyRepricing = _loans.Exists(l => l.RepricingYears is not null);
        var paymentsPerYear = _loans.Exists(l => l.PaymentsPerYear is not null) ? new int[n] : null;
        double[]? drawn = anyDrawn ? new double[n] : null, undrawn = anyDrawn ? new double[n] : null, commitmentFee = anyFee ? new double[n] : null,
            undrawnFtp = anyUndrawnFtp ? new double[n] : null, term = anyTerm ? new double[n] : null,
            repricing = anyRepricing ? new double[n] : null;
        var amortisation = anyAmortisation ? new Amortisation[n] : null;
        var flags = new byte[n];
        var attributes = _attributeNames.ToDictionary(a => a, _ => new string[n], StringComparer.Ordinal);

        void Report(int record, string column, double value, string? rule)
        {
            if (rule is null)
            {
                return;
            }

            total++;
            if (issues.Count < DataValidationException.MaxListed)
            {
                issues.Add(new DataIssue(record, column, value.ToString("R", CultureInfo.InvariantCulture), rule));
            }
        }

        for (int i = 0; i < n; i++)
        {
            var loan = _loans[i];
            int record = i + 1;
            if (string.IsNullOrEmpty(loan.LoanId))
            {
                total++;
                if (issues.Count < DataValidationException.MaxListed)
                {
                    issues.Add(new DataIssue(record, LoanColumns.LoanId, "", "must not be empty"));
                }
            }
            else if (!ids.TryAdd(loan.LoanId, record))
            {
                total++;
                if (issues.Count < DataValidationException.MaxListed)
                {
                    issues.Add(new DataIssue(record, LoanColumns.LoanId, loan.LoanId, $"duplicates record {ids[loan.LoanId]}"));
                }
            }

            if (!Enum.IsDefined(loan.AssetClass))
            {
                Report(record, LoanColumns.AssetClass, (double)loan.AssetClass, "is not a defined asset class");
            }

            Report(record, LoanColumns.Ead, loan.Ead, LoanRules.Ead(loan.Ead));
            Report(record, LoanColumns.Pd, loan.Pd, LoanRules.Pd(loan.Pd));
            Report(record, LoanColumns.Lgd, loan.Lgd, LoanRules.UnitInterval(loan.Lgd));
            Report(record, LoanColumns.Rate, loan.Rate, LoanRules.Rate(loan.Rate));
            if (loan.FtpRate is double f)
            {
                Report(record, LoanColumns.FtpRate, f, LoanRules.Rate(f));
            }

            if (!Enum.IsDefined(loan.Amortisation))
            {
                Report(record, LoanColumns.Amortisation, (double)loan.Amortisation, "is not a defined amortisation (" + AmortisationLabels.Expected + ")");
            }

            if (loan.PaymentsPerYear is int ppy)
            {
                Report(record, LoanColumns.PaymentsPerYear, ppy, LoanRules.PaymentsPerYear(ppy));
            }

            if (loan.RepricingYears is double rp)
            {
                Report(record, LoanColumns.Repricing, rp, LoanRules.Maturity(rp));
            }
            Report(record, LoanColumns.Fees, loan.Fees, LoanRules.Amount(loan.Fees));
            Report(record, LoanColumns.Opex, loan.Opex, LoanRules.Amount(loan.Opex));
            if (loan.Drawn is double dr)
            {
                Report(record, LoanColumns.Drawn, dr, LoanRules.NonNegativeAmount(dr) ?? LoanRules.DrawnWithinEad(dr, loan.Ead));
            }

            Report(record, LoanColumns.Undrawn, loan.Undrawn, LoanRules.NonNegativeAmount(loan.Undrawn));
            Report(record, LoanColumns.CommitmentFee, loan.CommitmentFee, LoanRules.Rate(loan.CommitmentFee));
            Report(record, LoanColumns.UndrawnFtp, loan.UndrawnFtpRate, LoanRules.Rate(loan.UndrawnFtpRate));
            if (loan.TermYears is double t)
            {
                Report(record, LoanColumns.Term, t, LoanRules.Maturity(t));
            }

            // A non-retail loan given a term but no effective maturity takes M = term (Basel II para 320); the term
            // stands in for a missing maturity and the maturity for a missing term (counted as fallbacks).
            var fallback = loan.Drawn is null ? Fallback.DrawnFromEad : Fallback.None;
            double m = loan.MaturityYears ?? double.NaN;
            if (loan.MaturityYears is null && LoanRules.NeedsMaturity(loan.AssetClass) && loan.TermYears is double givenTerm)
            {
                m = givenTerm;
                fallback |= Fallback.MaturityFromTerm;
            }
            else if (loan.TermYears is null && loan.MaturityYears is not null)
            {
                fallback |= Fallback.TermFromMaturity;
            }

            fallback |= loan.Pd == 1.0 && loan.Beel is null ? Fallback.DefaultedWithoutBeel : Fallback.None;
            flags[i] = (byte)fallback;
            if (loan.MaturityYears is not null || !double.IsNaN(m) || LoanRules.NeedsMaturity(loan.AssetClass))
            {
                Report(record, LoanColumns.Maturity, m, LoanRules.Maturity(m));
            }

            if (loan.SalesEurMillions is double sm)
            {
                Report(record, LoanColumns.Sales, sm, LoanRules.Sales(sm));
            }

            if (loan.Beel is double b)
            {
                Report(record, LoanColumns.Beel, b, LoanRules.UnitInterval(b));
            }

            loanId[i] = loan.LoanId ?? "";
            segment[i] = loan.Segment ?? "";
            customer[i] = loan.CustomerId ?? "";
            product[i] = loan.Product ?? "";
            classification[i] = loan.Classification ?? "";
            assetClass[i] = loan.AssetClass;
            ead[i] = loan.Ead;
            pd[i] = loan.Pd;
            lgd[i] = loan.Lgd;
            maturity[i] = m;
            if (anyDrawn)
            {
                drawn![i] = loan.Drawn ?? loan.Ead;
                undrawn![i] = loan.Undrawn;
            }

            if (anyFee)
            {
                commitmentFee![i] = loan.CommitmentFee;
            }

            if (anyUndrawnFtp)
            {
                undrawnFtp![i] = loan.UndrawnFtpRate;
            }

            if (anyTerm)
            {
                term![i] = loan.TermYears ?? m;
            }

            if (anyAmortisation)
            {
                amortisation![i] = loan.Amortisation;
            }

            if (anyRepricing)
            {
                repricing![i] = loan.RepricingYears ?? double.NaN;
            }

            if (paymentsPerYear is not null)
            {
                paymentsPerYear[i] = loan.PaymentsPerYear ?? 0;
            }

            sales[i] = loan.SalesEurMillions ?? IrbFormula.NoSales;
            rate[i] = loan.Rate;
            ftp[i] = loan.FtpRate ?? double.NaN;
            fees[i] = loan.Fees;
            opex[i] = loan.Opex;
            beel[i] = loan.Beel ?? loan.Lgd;
            for (int a = 0; a < _attributeNames.Length; a++)
            {
                attributes[_attributeNames[a]][i] = _attributeValues[i][a] ?? "";
            }
        }

        if (total > 0)
        {
            throw new DataValidationException("loans", issues, total);
        }

        return new LoanBook(n, loanId, segment, customer, product, classification, assetClass, ead, pd, lgd, maturity, sales,
            rate, ftp, fees, opex, beel, attributes).WithOptionalColumns(drawn, undrawn, commitmentFee, undrawnFtp, term)
            .WithFtpTerms(amortisation, repricing).WithFallbacks(flags).WithPaymentsPerYear(paymentsPerYear);
    }

    internal static bool IsStandard(string name) => name is LoanColumns.LoanId or LoanColumns.Segment or LoanColumns.AssetClass
        or LoanColumns.CustomerId or LoanColumns.Product or LoanColumns.Classification;
}
