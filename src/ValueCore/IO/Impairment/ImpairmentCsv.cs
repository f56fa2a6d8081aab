using System.Globalization;
using System.Security.Cryptography;
using ValueCore.IO.Csv;
using ValueCore.Impairment;
using ValueCore.Internal;
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

    /// <summary>Records per chunk of parallel reading: fixed, so the split (and every result) does not depend on threads.</summary>
    internal const int RecordsPerChunk = CsvChunker.RecordsPerChunk;

    /// <summary>Reads and validates loans and cash flows into a book.</summary>
    /// <param name="loansPath">The loan file.</param>
    /// <param name="cashFlowsPath">The cash-flow file.</param>
    /// <param name="options">Settings; null for defaults.</param>
    /// <returns>The book of accepted loans, with every rejected loan and its reasons.</returns>
    /// <exception cref="DataValidationException">A file problem that cannot be tied to a loan (header, empty loan id, broken quoting).</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static ImpairmentBook ReadBook(string loansPath, string cashFlowsPath, ImpairmentOptions? options = null) =>
        Read(loansPath, cashFlowsPath, options).Book;

    /// <summary>Reads and validates loans and cash flows into a book, with the inputs' SHA-256 and row counts.</summary>
    /// <param name="loansPath">The loan file.</param>
    /// <param name="cashFlowsPath">The cash-flow file.</param>
    /// <param name="options">Settings; null for defaults.</param>
    /// <param name="maxDegreeOfParallelism">The most threads for parsing the cash flows; -1 for all cores. Results do not depend on it.</param>
    /// <returns>The book and what was read.</returns>
    /// <exception cref="DataValidationException">A file problem that cannot be tied to a loan (header, empty loan id, broken quoting).</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    /// <remarks>The cash-flow file is cut into chunks of a fixed number of records, parsed and checked row by row in
    /// parallel, and handed to the builder in input order, so the book and its rejections are the same for any number
    /// of threads.</remarks>
    public static ImpairmentCsvInput Read(string loansPath, string cashFlowsPath, ImpairmentOptions? options = null, int maxDegreeOfParallelism = -1) =>
        Read(loansPath, cashFlowsPath, options, maxDegreeOfParallelism, RecordsPerChunk);

    internal static ImpairmentCsvInput Read(string loansPath, string cashFlowsPath, ImpairmentOptions? options, int maxDegreeOfParallelism, int recordsPerChunk)
    {
        ArgumentException.ThrowIfNullOrEmpty(loansPath);
        ArgumentException.ThrowIfNullOrEmpty(cashFlowsPath);
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 (all cores) or a positive number.");
        }

        options ??= ImpairmentOptions.Default;
        string loanSource = Path.GetFileName(loansPath), flowSource = Path.GetFileName(cashFlowsPath);
        var builder = new ImpairmentBookBuilder(options, loanSource, flowSource) { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        string loansSha = ReadLoans(loansPath, loanSource, options, builder, recordsPerChunk);
        var (flowsSha, records) = ReadCashFlows(cashFlowsPath, flowSource, loanSource, options, builder, maxDegreeOfParallelism, recordsPerChunk);
        return new ImpairmentCsvInput(builder.Build(), loansSha, flowsSha, records);
    }

    /// <summary>Reads contractual cash flows (<c>loan_id,date,amount</c>) grouped by loan in first-appearance order, each sorted by date.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Per loan: id, dates, amounts and the first line of the loan.</returns>
    /// <exception cref="DataValidationException">Any row or header problem (all listed).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<ContractualCashFlows> ReadContractual(string path) => ReadContractual(path, -1, RecordsPerChunk);

    internal static IReadOnlyList<ContractualCashFlows> ReadContractual(string path, int maxDegreeOfParallelism, int recordsPerChunk)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string source = Path.GetFileName(path);
        var issues = new DataIssueCollector(source);
        using var stream = Open(path);
        var chunker = new CsvChunker(stream, recordsPerChunk);
        var first = chunker.Next();
        if (first is null)
        {
            issues.Add(1, "", "", "the file is empty (a header loan_id,date,amount is needed)");
            issues.ThrowIfAny();
            return [];
        }

        var cols = HeaderColumns.Read(first, issues, ["loan_id", "date", "amount"]);
        if (cols is null)
        {
            issues.ThrowIfAny();
            return [];
        }

        var parsers = new ThreadLocal<ContractualChunkParser>(() =>
            new ContractualChunkParser(cols.IndexOf("loan_id"), cols.IndexOf("date"), cols.IndexOf("amount"), cols.Count, source));
        var chunks = new List<ContractualChunkResult>();
        var loanOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>();
        var firstLine = new List<long>();
        var rowsPerLoan = new List<int>();
        using (parsers)
        {
            OrderedChunks.Run(chunker, first, maxDegreeOfParallelism, c => parsers.Value!.Process(c), r =>
            {
                issues.AddRange(r.Issues);
                string? last = null;
                int loan = -1;
                for (int k = 0; k < r.Count; k++)
                {
                    string id = r.LoanId[k];
                    if (!ReferenceEquals(id, last) && !loanOf.TryGetValue(id, out loan))
                    {
                        loan = ids.Count;
                        loanOf.Add(id, loan);
                        ids.Add(id);
                        firstLine.Add(r.Line[k]);
                        rowsPerLoan.Add(0);
                    }

                    last = id;
                    rowsPerLoan[loan]++;
                    r.LoanId[k] = ids[loan];
                }

                chunks.Add(r);
            });
        }

        issues.ThrowIfAny();

        // Group by loan (a counting sort keeps input order), then sort each loan's rows by date (ties in line order).
        var start = new int[ids.Count + 1];
        for (int l = 0; l < ids.Count; l++)
        {
            start[l + 1] = start[l] + rowsPerLoan[l];
        }

        var fill = start[..^1];
        var day = new int[start[^1]];
        var amount = new double[start[^1]];
        foreach (var r in chunks)
        {
            string? last = null;
            int loan = -1;
            for (int k = 0; k < r.Count; k++)
            {
                if (!ReferenceEquals(r.LoanId[k], last))
                {
                    last = r.LoanId[k];
                    loan = loanOf[last];
                }

                int at = fill[loan]++;
                day[at] = r.Day[k];
                amount[at] = r.Amount[k];
            }
        }

        var result = new ContractualCashFlows[ids.Count];
        for (int l = 0; l < ids.Count; l++)
        {
            int a = start[l], n = start[l + 1] - a;
            var keys = new long[n];
            for (int k = 0; k < n; k++)
            {
                keys[k] = ((long)day[a + k] << 32) | (uint)k;
            }

            Array.Sort(keys);
            var dates = new DateOnly[n];
            var amounts = new double[n];
            for (int k = 0; k < n; k++)
            {
                dates[k] = DateOnly.FromDayNumber((int)(keys[k] >> 32));
                amounts[k] = amount[a + (int)(keys[k] & 0xFFFFFFFF)];
            }

            result[l] = new ContractualCashFlows(ids[l], dates, amounts, firstLine[l]);
        }

        return result;
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

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);

    private static string ReadLoans(string path, string source, ImpairmentOptions options, ImpairmentBookBuilder builder, int recordsPerChunk)
    {
        var issues = new DataIssueCollector(source);
        using var chunker = CsvChunker.OpenFile(path, recordsPerChunk);
        var chunk = chunker.Next();
        var cols = chunk is null ? null : HeaderColumns.Read(chunk, issues,
            options.AsOf is null ? ["loan_id", "carrying_amount", "reporting_date"] : ["loan_id", "carrying_amount"]);
        if (cols is not null && !cols.Has("eir") && !s_termColumns.All(cols.Has))
        {
            issues.Add(1, "", "", "needs an eir column or the origination columns " + string.Join(",", s_termColumns) + " (fees optional)");
            cols = null;
        }

        if (cols is null)
        {
            if (issues.Count == 0)
            {
                issues.Add(1, "", "", "the file is empty (a header row is needed)");
            }

            issues.ThrowIfAny();
        }

        var splitter = new CsvRecordSplitter();
        var fields = new string[cols!.Count];
        string Get(string name) => cols.IndexOf(name) is int i and >= 0 ? fields[i] : "";
        bool hasTerms = s_termColumns.All(cols.Has);
        DataIssueCollector rowIssues;
        for (; chunk is not null; chunk = chunker.Next())
        {
            for (int r = chunk.Index == 0 ? 1 : 0; r < chunk.Count; r++)
            {
                var record = chunk.Record(r);
                if (record.IsEmpty)
                {
                    continue;
                }

                long line = chunk.Lines[r];
                splitter.Split(chunk.Data, r == 0 ? 0 : chunk.RecordEnds[r - 1], record.Length);
                if (splitter.Error is string malformed)
                {
                    issues.Add(line, "", "", malformed);
                    continue;
                }

                if (splitter.Count != cols.Count)
                {
                    issues.Add(line, "", "", string.Create(CultureInfo.InvariantCulture, $"has {splitter.Count} fields; the header has {cols.Count}"));
                    continue;
                }

                for (int i = 0; i < fields.Length; i++)
                {
                    fields[i] = Utf8Field.Text(Utf8Field.Trim(splitter.Value(i)));
                }

                string id = Get("loan_id");
                if (id.Length == 0)
                {
                    issues.Add(line, "loan_id", "", "must not be empty");
                    continue;
                }

                rowIssues = new DataIssueCollector(source);
                ReadLoan(id, line, Get, hasTerms, options, builder, rowIssues);
                foreach (var issue in rowIssues.Issues)
                {
                    builder.Reject(id, issue, inLoanInput: true);
                }
            }

            chunk.ReturnData();
        }

        issues.ThrowIfAny();
        return chunker.Sha256();
    }

    private static void ReadLoan(string id, long line, Func<string, string> get, bool hasTermColumns, ImpairmentOptions options, ImpairmentBookBuilder builder,
        DataIssueCollector rowIssues)
    {
        TryAmount(get("carrying_amount"), line, "carrying_amount", rowIssues, out double carrying);
        DateOnly reporting = options.AsOf ?? default;
        string reportingText = get("reporting_date");
        if (reportingText.Length > 0 || options.AsOf is null)
        {
            TryDate(reportingText, line, "reporting_date", rowIssues, out reporting);
        }

        string eirText = get("eir");
        if (eirText.Length > 0)
        {
            if (TryNumber(eirText, line, "eir", rowIssues, out double eir) && rowIssues.Count == 0)
            {
                builder.AddLoan(id, carrying, reporting, eir, line);
            }

            return;
        }

        if (!hasTermColumns)
        {
            rowIssues.Add(line, "eir", "", "is empty and the file has no origination columns to solve it from");
            return;
        }

        bool ok = TryDate(get("origination_date"), line, "origination_date", rowIssues, out var start);
        ok &= TryAmount(get("principal"), line, "principal", rowIssues, out double principal);
        ok &= TryNumber(get("rate"), line, "rate", rowIssues, out double rate);
        ok &= TryDate(get("maturity_date"), line, "maturity_date", rowIssues, out var maturity);
        double fees = 0.0;
        string feesText = get("fees");
        if (feesText.Length > 0)
        {
            ok &= TryAmount(feesText, line, "fees", rowIssues, out fees);
        }

        string current = get("current_rate");
        if (current.Length > 0)
        {
            ok &= TryNumber(current, line, "current_rate", rowIssues, out rate);
        }

        if (!AmortisationLabels.TryParse(get("amortisation"), out var amortisation))
        {
            rowIssues.Add(line, "amortisation", get("amortisation"), AmortisationLabels.Rule);
            ok = false;
        }

        var frequency = get("payment_frequency").ToUpperInvariant() switch
        {
            "MONTHLY" => PaymentFrequency.Monthly,
            "QUARTERLY" => PaymentFrequency.Quarterly,
            "SEMI-ANNUAL" or "SEMIANNUAL" => PaymentFrequency.SemiAnnual,
            "ANNUAL" => PaymentFrequency.Annual,
            _ => (PaymentFrequency)0,
        };
        if (frequency == 0)
        {
            rowIssues.Add(line, "payment_frequency", get("payment_frequency"), "is not monthly, quarterly, semi-annual or annual");
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

    private static (string Sha256, long Records) ReadCashFlows(string path, string source, string loanSource, ImpairmentOptions options,
        ImpairmentBookBuilder builder, int maxDegreeOfParallelism, int recordsPerChunk)
    {
        var issues = new DataIssueCollector(source);
        using var chunker = CsvChunker.OpenFile(path, recordsPerChunk);
        var first = chunker.Next();
        var cols = first is null ? null : HeaderColumns.Read(first, issues, ["loan_id", "scenario", "probability", "date", "amount", "kind"]);
        if (cols is null)
        {
            if (issues.Count == 0)
            {
                issues.Add(1, "", "", "the file is empty (a header row is needed)");
            }

            issues.ThrowIfAny();
        }

        int[] at = [.. s_flowColumns.Select(cols!.IndexOf)];
        var reporting = new DateOnly[builder.LoanCount];
        var entries = new List<(string, int)>(builder.LoanCount);
        for (int i = 0; i < builder.LoanCount; i++)
        {
            reporting[i] = builder.ReportingDateAt(i);
            entries.Add((builder.LoanIdAt(i), i));
        }

        entries.AddRange(builder.RejectedLoanInputIds.Select(id => (id, -1)));
        var loans = new LoanIdTable(entries);
        long records = 0;
        using (var parsers = new ThreadLocal<CashFlowChunkParser>(() =>
            new CashFlowChunkParser(at, cols.Count, loans, reporting, options.RollForwardDates, source, loanSource)))
        {
            OrderedChunks.Run(chunker, first!, maxDegreeOfParallelism, c => parsers.Value!.Process(c), r =>
            {
                issues.AddRange(r.FileIssues);
                records += r.Records;
                if (issues.Count == 0)
                {
                    builder.AddCheckedCashFlows(r.Rows, r.RowIssues);
                }
            });
        }

        issues.ThrowIfAny();
        return (chunker.Sha256(), records);
    }

    private static bool TryNumber(string text, long line, string column, DataIssueCollector issues, out double value)
    {
        if (CsvText.TryParseNumber(text, out value))
        {
            return true;
        }

        issues.Add(line, column, text, "is not a finite number (invariant culture, '.' decimal separator)");
        return false;
    }

    /// <summary>A number within the amount bound (docs/conventions.md, "Value bounds").</summary>
    private static bool TryAmount(string text, long line, string column, DataIssueCollector issues, out double value)
    {
        if (!TryNumber(text, line, column, issues, out value))
        {
            return false;
        }

        if (AmountBound.Holds(value))
        {
            return true;
        }

        issues.Add(line, column, text, AmountBound.Rule);
        return false;
    }

    private static bool TryDate(string text, long line, string column, DataIssueCollector issues, out DateOnly date)
    {
        if (TryParseDate(text, out date))
        {
            return true;
        }

        issues.Add(line, column, text, "is not a date in yyyy-MM-dd form");
        return false;
    }
}
