using System.Globalization;
using ValueCore.Impairment;
using ValueCore.Schedules;

namespace ValueCore.IO.Impairment;

/// <summary>
/// Reads impaired loans (<c>impaired.csv</c>), their expected cash flows (<c>cashflows.csv</c>) and contractual cash
/// flows (for EIR solving) from CSV, and writes impairment results. Every row problem is reported with file, line,
/// column, value and rule; problems tied to a loan reject that loan (see <see cref="ImpairmentBook.Rejections"/>).
/// </summary>
/// <remarks>
/// <para><c>impaired.csv</c>: <c>loan_id,carrying_amount,reporting_date</c> plus either <c>eir</c> or the origination
/// terms <c>origination_date,principal,fees,rate,maturity_date,amortisation,payment_frequency</c> (a non-empty
/// <c>eir</c> is used as is); optional <c>current_rate</c> marks a floating-rate loan whose EIR is solved at its current
/// rate (IFRS 9 B5.4.5). <c>reporting_date</c> may be left out when <see cref="ImpairmentOptions.AsOf"/> is set.</para>
/// <para><c>cashflows.csv</c>: <c>loan_id,scenario,probability,date,amount,kind</c> with kind repayment|collateral|cost;
/// optional <c>haircut</c>, <c>cost_to_sell</c> (collateral) and <c>as_of</c> (the estimate date, a roll-forward date
/// for a remeasurement). Dates are ISO yyyy-MM-dd; numbers invariant culture.</para>
/// </remarks>
public static class ImpairmentCsv
{
    private static readonly string[] s_flowColumns = ["loan_id", "scenario", "probability", "date", "amount", "kind", "haircut", "cost_to_sell", "as_of"];

    private static readonly string[] s_termColumns = ["origination_date", "principal", "rate", "maturity_date", "amortisation", "payment_frequency"];

    /// <summary>Reads and validates loans and cash flows into a book.</summary>
    /// <param name="loansPath">The loan file.</param>
    /// <param name="cashFlowsPath">The cash-flow file.</param>
    /// <param name="options">Settings; null for defaults.</param>
    /// <returns>The book of accepted loans, with every rejected loan and its reasons.</returns>
    /// <exception cref="DataValidationException">A file problem that cannot be tied to a loan (header, empty loan id, broken quoting).</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static ImpairmentBook ReadBook(string loansPath, string cashFlowsPath, ImpairmentOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(loansPath);
        ArgumentException.ThrowIfNullOrEmpty(cashFlowsPath);
        options ??= ImpairmentOptions.Default;
        string loanSource = Path.GetFileName(loansPath), flowSource = Path.GetFileName(cashFlowsPath);
        var builder = new ImpairmentBookBuilder(options, loanSource, flowSource);
        ReadLoans(loansPath, loanSource, options, builder);
        ReadCashFlows(cashFlowsPath, flowSource, builder);
        return builder.Build();
    }

    /// <summary>Reads contractual cash flows (<c>loan_id,date,amount</c>) grouped by loan in first-appearance order, each sorted by date.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Per loan: id, dates, amounts and the first line of the loan.</returns>
    /// <exception cref="DataValidationException">Any row or header problem (all listed).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<ContractualCashFlows> ReadContractual(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string source = Path.GetFileName(path);
        var issues = new Issues(source);
        var loans = new Dictionary<string, (List<(DateOnly Date, double Amount, long Line)> Rows, long First)>(StringComparer.Ordinal);
        var order = new List<string>();
        Columns? cols = null;
        foreach (var (line, text) in CsvRecords.Lines(path))
        {
            if (cols is null)
            {
                cols = Columns.FromHeader(text, line, issues, ["loan_id", "date", "amount"]);
                if (cols is null)
                {
                    break;
                }

                continue;
            }

            if (text.Length == 0)
            {
                continue;
            }

            var f = cols.Split(text, line, issues);
            if (f is null)
            {
                continue;
            }

            string id = cols.Get(f, "loan_id");
            if (id.Length == 0)
            {
                issues.Add(line, "loan_id", "", "must not be empty");
                continue;
            }

            bool ok = TryDate(cols.Get(f, "date"), line, "date", issues, out var date);
            ok &= TryNumber(cols.Get(f, "amount"), line, "amount", issues, out double amount);
            if (!ok)
            {
                continue;
            }

            if (!loans.TryGetValue(id, out var entry))
            {
                entry = ([], line);
                loans.Add(id, entry);
                order.Add(id);
            }

            entry.Rows.Add((date, amount, line));
        }

        if (cols is null && issues.Count == 0)
        {
            issues.Add(1, "", "", "the file is empty (a header loan_id,date,amount is needed)");
        }

        issues.ThrowIfAny();
        return order.Select(id =>
        {
            var rows = loans[id].Rows.OrderBy(r => r.Date).ThenBy(r => r.Line).ToArray();
            return new ContractualCashFlows(id, rows.Select(r => r.Date).ToArray(), rows.Select(r => r.Amount).ToArray(), loans[id].First);
        }).ToArray();
    }

    /// <summary>Parses a day-count name: act365f, 30/360 or act360 (case-insensitive).</summary>
    /// <param name="text">The name.</param>
    /// <param name="dayCount">The convention.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParseDayCount(string? text, out DayCount dayCount)
    {
        (bool ok, dayCount) = text?.ToUpperInvariant() switch
        {
            "ACT365F" or "ACT/365F" or "ACT/365" => (true, DayCount.Act365Fixed),
            "30/360" or "30360" => (true, DayCount.Thirty360),
            "ACT360" or "ACT/360" => (true, DayCount.Act360),
            _ => (false, DayCount.Act365Fixed),
        };
        return ok;
    }

    /// <summary>Parses an ISO date (yyyy-MM-dd).</summary>
    /// <param name="text">The text.</param>
    /// <param name="date">The date.</param>
    /// <returns>Whether the text is a valid date.</returns>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static void ReadLoans(string path, string source, ImpairmentOptions options, ImpairmentBookBuilder builder)
    {
        var issues = new Issues(source);
        Columns? cols = null;
        foreach (var (line, text) in CsvRecords.Lines(path))
        {
            if (cols is null)
            {
                cols = Columns.FromHeader(text, line, issues, options.AsOf is null ? ["loan_id", "carrying_amount", "reporting_date"] : ["loan_id", "carrying_amount"]);
                if (cols is null)
                {
                    break;
                }

                if (!cols.Has("eir") && !s_termColumns.All(cols.Has))
                {
                    issues.Add(1, "", "", "needs an eir column or the origination columns " + string.Join(",", s_termColumns) + " (fees optional)");
                    break;
                }

                continue;
            }

            if (text.Length == 0)
            {
                continue;
            }

            var f = cols.Split(text, line, issues);
            if (f is null)
            {
                continue;
            }

            string id = cols.Get(f, "loan_id");
            if (id.Length == 0)
            {
                issues.Add(line, "loan_id", "", "must not be empty");
                continue;
            }

            var rowIssues = new Issues(source);
            TryNumber(cols.Get(f, "carrying_amount"), line, "carrying_amount", rowIssues, out double carrying);
            DateOnly reporting = options.AsOf ?? default;
            string reportingText = cols.Get(f, "reporting_date");
            if (reportingText.Length > 0 || options.AsOf is null)
            {
                TryDate(reportingText, line, "reporting_date", rowIssues, out reporting);
            }

            string eirText = cols.Get(f, "eir");
            if (eirText.Length > 0)
            {
                if (TryNumber(eirText, line, "eir", rowIssues, out double eir) && rowIssues.Count == 0)
                {
                    builder.AddLoan(id, carrying, reporting, eir, line);
                }
            }
            else if (!s_termColumns.All(cols.Has))
            {
                rowIssues.Add(line, "eir", "", "is empty and the file has no origination columns to solve it from");
            }
            else
            {
                bool ok = TryDate(cols.Get(f, "origination_date"), line, "origination_date", rowIssues, out var start);
                ok &= TryNumber(cols.Get(f, "principal"), line, "principal", rowIssues, out double principal);
                ok &= TryNumber(cols.Get(f, "rate"), line, "rate", rowIssues, out double rate);
                ok &= TryDate(cols.Get(f, "maturity_date"), line, "maturity_date", rowIssues, out var maturity);
                double fees = 0.0;
                string feesText = cols.Get(f, "fees");
                if (feesText.Length > 0)
                {
                    ok &= TryNumber(feesText, line, "fees", rowIssues, out fees);
                }

                string current = cols.Get(f, "current_rate");
                if (current.Length > 0)
                {
                    ok &= TryNumber(current, line, "current_rate", rowIssues, out rate);
                }

                var amortisation = cols.Get(f, "amortisation").ToUpperInvariant() switch
                {
                    "ANNUITY" => Amortisation.Annuity,
                    "LINEAR" => Amortisation.Linear,
                    "BULLET" => Amortisation.Bullet,
                    _ => (Amortisation)(-1),
                };
                if ((int)amortisation < 0)
                {
                    rowIssues.Add(line, "amortisation", cols.Get(f, "amortisation"), "is not annuity, linear or bullet");
                    ok = false;
                }

                var frequency = cols.Get(f, "payment_frequency").ToUpperInvariant() switch
                {
                    "MONTHLY" => PaymentFrequency.Monthly,
                    "QUARTERLY" => PaymentFrequency.Quarterly,
                    "SEMI-ANNUAL" or "SEMIANNUAL" => PaymentFrequency.SemiAnnual,
                    "ANNUAL" => PaymentFrequency.Annual,
                    _ => (PaymentFrequency)0,
                };
                if (frequency == 0)
                {
                    rowIssues.Add(line, "payment_frequency", cols.Get(f, "payment_frequency"), "is not monthly, quarterly, semi-annual or annual");
                    ok = false;
                }

                if (ok && rowIssues.Count == 0)
                {
                    var terms = new LoanTerms
                    {
                        StartDate = start,
                        MaturityDate = maturity,
                        Principal = principal,
                        AnnualRate = rate,
                        Amortisation = amortisation,
                        Frequency = frequency,
                        StubDayCount = options.DayCount,
                    };
                    builder.AddLoanFromTerms(id, carrying, reporting, terms, fees, line);
                }
            }

            foreach (var issue in rowIssues.Listed)
            {
                builder.Reject(id, issue, inLoanInput: true);
            }
        }

        if (cols is null && issues.Count == 0)
        {
            issues.Add(1, "", "", "the file is empty (a header row is needed)");
        }

        issues.ThrowIfAny();
    }

    private static void ReadCashFlows(string path, string source, ImpairmentBookBuilder builder)
    {
        // The large file: fields are read as spans (strings only for loan ids and scenario names, pooled), so that
        // millions of rows do not allocate a string per field.
        var issues = new Issues(source);
        Columns? cols = null;
        int[] at = [];
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = pool.GetAlternateLookup<ReadOnlySpan<char>>();
        var rowIssues = new Issues(source);
        Range[] ranges = [];
        string[]? quoted = null;
        foreach (var (line, text) in CsvRecords.Lines(path))
        {
            if (cols is null)
            {
                cols = Columns.FromHeader(text, line, issues, ["loan_id", "scenario", "probability", "date", "amount", "kind"]);
                if (cols is null)
                {
                    break;
                }

                at = [.. s_flowColumns.Select(cols.IndexOf)];
                ranges = new Range[cols.Count + 1];
                continue;
            }

            if (text.Length == 0)
            {
                continue;
            }

            int count;
            if (text.Contains('"', StringComparison.Ordinal))
            {
                quoted = cols.Split(text, line, issues);
                if (quoted is null)
                {
                    continue;
                }

                count = quoted.Length;
            }
            else
            {
                quoted = null;
                count = text.AsSpan().Split(ranges, ',');
                if (count != cols.Count)
                {
                    issues.Add(line, "", "", string.Create(CultureInfo.InvariantCulture, $"has {(count > cols.Count ? "more" : count)} fields; the header has {cols.Count}"));
                    continue;
                }
            }

            ReadOnlySpan<char> Field(int column) => column < 0 ? default : quoted is not null ? quoted[column].AsSpan().Trim() : text.AsSpan()[ranges[column]].Trim();

            string Pooled(ReadOnlySpan<char> span)
            {
                if (lookup.TryGetValue(span, out var existing))
                {
                    return existing;
                }

                string created = span.ToString();
                pool.Add(created, created);
                return created;
            }

            var idSpan = Field(at[0]);
            if (idSpan.IsEmpty)
            {
                issues.Add(line, "loan_id", "", "must not be empty");
                continue;
            }

            string id = Pooled(idSpan);
            rowIssues.Clear();
            bool ok = TryNumber(Field(at[2]), line, "probability", rowIssues, out double p);
            ok &= TryDate(Field(at[3]), line, "date", rowIssues, out var date);
            ok &= TryNumber(Field(at[4]), line, "amount", rowIssues, out double amount);
            var kindText = Field(at[5]);
            CashFlowKind kind;
            if (kindText.Equals("repayment", StringComparison.OrdinalIgnoreCase))
            {
                kind = CashFlowKind.Repayment;
            }
            else if (kindText.Equals("collateral", StringComparison.OrdinalIgnoreCase))
            {
                kind = CashFlowKind.Collateral;
            }
            else if (kindText.Equals("cost", StringComparison.OrdinalIgnoreCase))
            {
                kind = CashFlowKind.Cost;
            }
            else
            {
                rowIssues.Add(line, "kind", kindText.ToString(), "is not repayment, collateral or cost");
                kind = CashFlowKind.Repayment;
                ok = false;
            }

            double haircut = 0.0, costToSell = 0.0;
            var h = Field(at[6]);
            var cts = Field(at[7]);
            var asOfText = Field(at[8]);
            if (!h.IsEmpty)
            {
                ok &= TryNumber(h, line, "haircut", rowIssues, out haircut);
            }

            if (!cts.IsEmpty)
            {
                ok &= TryNumber(cts, line, "cost_to_sell", rowIssues, out costToSell);
            }

            DateOnly? asOf = null;
            if (!asOfText.IsEmpty)
            {
                ok &= TryDate(asOfText, line, "as_of", rowIssues, out var a);
                asOf = a;
            }

            if (ok)
            {
                builder.AddCashFlow(id, Pooled(Field(at[1])), p, date, kind, amount, haircut, costToSell, asOf, line);
            }

            foreach (var issue in rowIssues.Listed)
            {
                builder.Reject(id, issue, inLoanInput: false);
            }
        }

        if (cols is null && issues.Count == 0)
        {
            issues.Add(1, "", "", "the file is empty (a header row is needed)");
        }

        issues.ThrowIfAny();
    }

    private static bool TryNumber(ReadOnlySpan<char> text, long line, string column, Issues issues, out double value)
    {
        if (CsvText.TryParseNumber(text, out value))
        {
            return true;
        }

        issues.Add(line, column, text.ToString(), "is not a finite number (invariant culture, '.' decimal separator)");
        return false;
    }

    private static bool TryDate(ReadOnlySpan<char> text, long line, string column, Issues issues, out DateOnly date)
    {
        if (TryParseDate(text, out date))
        {
            return true;
        }

        issues.Add(line, column, text.ToString(), "is not a date in yyyy-MM-dd form");
        return false;
    }

    private static bool TryNumber(string text, long line, string column, Issues issues, out double value)
    {
        if (CsvText.TryParseNumber(text, out value))
        {
            return true;
        }

        issues.Add(line, column, text, "is not a finite number (invariant culture, '.' decimal separator)");
        return false;
    }

    private static bool TryDate(string text, long line, string column, Issues issues, out DateOnly date)
    {
        if (TryParseDate(text, out date))
        {
            return true;
        }

        issues.Add(line, column, text, "is not a date in yyyy-MM-dd form");
        return false;
    }

    /// <summary>Issue collector for one file: lists the first thousand, counts all.</summary>
    private sealed class Issues(string source)
    {
        public List<DataIssue> Listed { get; } = [];

        public long Count { get; private set; }

        public void Add(long line, string column, string value, string rule)
        {
            Count++;
            if (Listed.Count < DataValidationException.MaxListed)
            {
                Listed.Add(new DataIssue(line, column, value, rule));
            }
        }

        public void Clear()
        {
            Listed.Clear();
            Count = 0;
        }

        public void ThrowIfAny()
        {
            if (Count > 0)
            {
                throw new DataValidationException(source, Listed, Count);
            }
        }
    }

    /// <summary>Header positions of the columns of a file.</summary>
    private sealed class Columns
    {
        private readonly Dictionary<string, int> _index;
        private readonly int _count;

        private Columns(Dictionary<string, int> index, int count)
        {
            _index = index;
            _count = count;
        }

        public static Columns? FromHeader(string text, long line, Issues issues, string[] required)
        {
            var names = CsvRecords.Split(text.TrimStart('\uFEFF'));
            if (names is null)
            {
                issues.Add(line, "", "", "the header has unbalanced quotes");
                return null;
            }

            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i].Trim();
                if (!index.TryAdd(name, i))
                {
                    issues.Add(line, name, name, "is a repeated column name");
                }
            }

            foreach (var r in required.Where(r => !index.ContainsKey(r)))
            {
                issues.Add(line, r, "", "is a required column that is missing from the header");
            }

            return issues.Count > 0 ? null : new Columns(index, names.Length);
        }

        public bool Has(string name) => _index.ContainsKey(name);

        public int Count => _count;

        public int IndexOf(string name) => _index.TryGetValue(name, out int i) ? i : -1;

        public string[]? Split(string text, long line, Issues issues)
        {
            var f = CsvRecords.Split(text);
            if (f is null)
            {
                issues.Add(line, "", "", "has unbalanced quotes (quoted line breaks are not supported)");
                return null;
            }

            if (f.Length != _count)
            {
                issues.Add(line, "", "", string.Create(CultureInfo.InvariantCulture, $"has {f.Length} fields; the header has {_count}"));
                return null;
            }

            return f;
        }

        public string Get(string[] fields, string name) => _index.TryGetValue(name, out int i) ? fields[i].Trim() : "";
    }
}
