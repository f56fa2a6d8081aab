using System.Globalization;
using ValueCore.Impairment;
using ValueCore.IO.Csv;
using ValueCore.Internal;

namespace ValueCore.IO.Impairment;

/// <summary>What one chunk of <c>cashflows.csv</c> became: checked rows (columnar, in runs), the problems of the rows
/// that failed (tied to their loan) and the problems that cannot be tied to a loan.</summary>
internal sealed class CashFlowChunkResult(int capacity, string source)
{
    public FlowRuns Rows { get; } = new(capacity);

    public List<(string LoanId, DataIssue Issue)> RowIssues { get; } = [];

    public DataIssueCollector FileIssues { get; } = new(source);

    /// <summary>Data records (blank lines and the header excluded).</summary>
    public long Records { get; set; }
}

/// <summary>
/// Parses and checks the records of one chunk of <c>cashflows.csv</c> (one instance per thread). Every check that needs
/// no other row runs here, on all cores; what needs several rows (a scenario's probability, the sums) is left to the
/// builder, which takes the chunks in order.
/// </summary>
internal sealed class CashFlowChunkParser
{
    private const int LoanId = 0, Scenario = 1, Probability = 2, Date = 3, Amount = 4, Kind = 5, Haircut = 6, CostToSell = 7, AsOf = 8;

    private readonly int[] _at;
    private readonly int _fieldCount;
    private readonly LoanIdTable _loans;
    private readonly DateOnly[] _reporting;
    private readonly IReadOnlyList<DateOnly> _rollForward;
    private readonly string _source;
    private readonly string _loanSource;
    private readonly CsvRecordSplitter _splitter = new();
    private readonly TextInterner _interner = new();
    private readonly List<DataIssue> _issues = [];
    private byte[] _lastId = new byte[64];
    private int _lastIdLength = -1;
    private int _lastLoan;
    private string? _lastIdText;
    private byte[] _lastScenario = new byte[64];
    private int _lastScenarioLength = -1;
    private string _lastScenarioText = "";
    private byte[] _lastProbability = new byte[32];
    private int _lastProbabilityLength = -1;
    private double _lastProbabilityValue;

    /// <param name="at">Per column (loan_id, scenario, probability, date, amount, kind, haircut, cost_to_sell, as_of): its field, or -1.</param>
    /// <param name="fieldCount">The number of fields of the header.</param>
    /// <param name="loans">Loan identifiers: the loan's index in the builder, -1 for a loan known but rejected while reading.</param>
    /// <param name="reporting">Reporting date per loan index.</param>
    /// <param name="rollForward">Roll-forward dates.</param>
    /// <param name="source">The file name.</param>
    /// <param name="loanSource">The loan file name (for messages).</param>
    public CashFlowChunkParser(int[] at, int fieldCount, LoanIdTable loans, DateOnly[] reporting, IReadOnlyList<DateOnly> rollForward, string source, string loanSource)
    {
        _at = at;
        _fieldCount = fieldCount;
        _loans = loans;
        _reporting = reporting;
        _rollForward = rollForward;
        _source = source;
        _loanSource = loanSource;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public CashFlowChunkResult Process(CsvChunk chunk)
    {
        var result = new CashFlowChunkResult(chunk.Count, _source);
        var rows = result.Rows;
        var fileIssues = result.FileIssues;
        int[] at = _at;
        for (int r = chunk.Index == 0 ? 1 : 0; r < chunk.Count; r++)
        {
            var record = chunk.Record(r);
            if (record.IsEmpty)
            {
                continue;
            }

            result.Records++;
            long line = chunk.Lines[r];
            int start = r == 0 ? 0 : chunk.RecordEnds[r - 1];
            _splitter.Split(chunk.Data, start, record.Length);
            if (_splitter.Error is string malformed)
            {
                fileIssues.Add(line, "", "", malformed);
                continue;
            }

            if (_splitter.Count != _fieldCount)
            {
                bool more = _splitter.Count > _fieldCount && record.IndexOf((byte)'"') < 0;
                fileIssues.Add(line, "", "", string.Create(CultureInfo.InvariantCulture,
                    $"has {(more ? "more" : _splitter.Count.ToString(CultureInfo.InvariantCulture))} fields; the header has {_fieldCount}"));
                continue;
            }

            var id = Field(at[LoanId]);
            if (id.IsEmpty)
            {
                fileIssues.Add(line, "loan_id", "", "must not be empty");
                continue;
            }

            int loan = FindLoan(id, out string? idText);
            _issues.Clear();
            bool ok = ProbabilityField(Field(at[Probability]), line, out double p);
            ok &= DateField(Field(at[Date]), line, "date", out var date);
            ok &= AmountField(Field(at[Amount]), line, "amount", out double amount);
            var kindText = Field(at[Kind]);
            if (!Utf8Field.TryKind(kindText, out var kind))
            {
                _issues.Add(new DataIssue(line, "kind", Utf8Field.Text(kindText), "is not repayment, collateral or cost"));
                ok = false;
            }

            double haircut = 0.0, costToSell = 0.0;
            var h = Field(at[Haircut]);
            if (!h.IsEmpty)
            {
                ok &= Number(h, line, "haircut", out haircut);
            }

            var cts = Field(at[CostToSell]);
            if (!cts.IsEmpty)
            {
                ok &= AmountField(cts, line, "cost_to_sell", out costToSell);
            }

            DateOnly? asOf = null;
            var asOfText = Field(at[AsOf]);
            if (!asOfText.IsEmpty)
            {
                ok &= DateField(asOfText, line, "as_of", out var a);
                asOf = a;
            }

            idText ??= Utf8Field.Text(id);
            if (!ok)
            {
                AddRowIssues(result, idText);
                continue;
            }

            if (loan < 0)
            {
                if (loan == LoanIdTable.Missing)
                {
                    result.RowIssues.Add((idText, new DataIssue(line, "loan_id", idText, $"is not in {_loanSource}")));
                }

                continue;
            }

            var flow = new ImpairmentBookBuilder.FlowRow(idText, ScenarioText(Field(at[Scenario])), p, date, kind, amount, haircut, costToSell, asOf, line);
            var reporting = _reporting[loan];
            if (!ImpairmentBookBuilder.CheckFlow(flow, reporting, _rollForward, _issues))
            {
                AddRowIssues(result, idText);
                continue;
            }

            rows.Add(loan, (asOf ?? reporting).DayNumber, flow.Scenario, p, line, line, date.DayNumber, ImpairmentBookBuilder.NetAmount(flow));
        }

        rows.Close();
        chunk.ReturnData();
        return result;
    }

    private void AddRowIssues(CashFlowChunkResult result, string id)
    {
        foreach (var issue in _issues)
        {
            result.RowIssues.Add((id, issue));
        }
    }

    private ReadOnlySpan<byte> Field(int field) => field < 0 ? default : Utf8Field.Trim(_splitter.Value(field));

    private bool Number(ReadOnlySpan<byte> text, long line, string column, out double value)
    {
        if (Utf8Field.TryNumber(text, out value))
        {
            return true;
        }

        _issues.Add(new DataIssue(line, column, Utf8Field.Text(text), "is not a finite number (invariant culture, '.' decimal separator)"));
        return false;
    }

    /// <summary>A number within the amount bound (docs/conventions.md, "Value bounds").</summary>
    private bool AmountField(ReadOnlySpan<byte> text, long line, string column, out double value)
    {
        if (!Number(text, line, column, out value))
        {
            return false;
        }

        if (AmountBound.Holds(value))
        {
            return true;
        }

        _issues.Add(new DataIssue(line, column, Utf8Field.Text(text), AmountBound.Rule));
        return false;
    }

    /// <summary>The probability repeats on every row of a scenario: the text of the previous row's is parsed once.</summary>
    private bool ProbabilityField(ReadOnlySpan<byte> text, long line, out double value)
    {
        if (text.Length == _lastProbabilityLength && text.SequenceEqual(_lastProbability.AsSpan(0, _lastProbabilityLength)))
        {
            value = _lastProbabilityValue;
            return true;
        }

        if (!Number(text, line, "probability", out value))
        {
            return false;
        }

        if (_lastProbability.Length < text.Length)
        {
            _lastProbability = new byte[text.Length * 2];
        }

        text.CopyTo(_lastProbability);
        _lastProbabilityLength = text.Length;
        _lastProbabilityValue = value;
        return true;
    }

    private bool DateField(ReadOnlySpan<byte> text, long line, string column, out DateOnly date)
    {
        if (Utf8Field.TryDate(text, out date))
        {
            return true;
        }

        _issues.Add(new DataIssue(line, column, Utf8Field.Text(text), "is not a date in yyyy-MM-dd form"));
        return false;
    }

    private int FindLoan(ReadOnlySpan<byte> id, out string? text)
    {
        if (id.Length == _lastIdLength && id.SequenceEqual(_lastId.AsSpan(0, _lastIdLength)))
        {
            text = _lastIdText;
            return _lastLoan;
        }

        int loan = _loans.Find(id, out text);
        if (_lastId.Length < id.Length)
        {
            _lastId = new byte[id.Length * 2];
        }

        id.CopyTo(_lastId);
        _lastIdLength = id.Length;
        _lastIdText = text;
        _lastLoan = loan;
        return loan;
    }

    private string ScenarioText(ReadOnlySpan<byte> name)
    {
        if (name.Length == _lastScenarioLength && name.SequenceEqual(_lastScenario.AsSpan(0, _lastScenarioLength)))
        {
            return _lastScenarioText;
        }

        _lastScenarioText = _interner.Get(name);
        if (_lastScenario.Length < name.Length)
        {
            _lastScenario = new byte[name.Length * 2];
        }

        name.CopyTo(_lastScenario);
        _lastScenarioLength = name.Length;
        return _lastScenarioText;
    }
}
