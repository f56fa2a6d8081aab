using System.Globalization;
using ValueCore.IO.Csv;
using ValueCore.Internal;

namespace ValueCore.IO.Impairment;

/// <summary>The valid rows of one chunk of a contractual cash-flow file (columnar) and its problems.</summary>
internal sealed class ContractualChunkResult(int capacity, string source)
{
    public string[] LoanId { get; } = new string[capacity];

    public int[] Day { get; } = new int[capacity];

    public double[] Amount { get; } = new double[capacity];

    public long[] Line { get; } = new long[capacity];

    public int Count { get; set; }

    public DataIssueCollector Issues { get; } = new(source);
}

/// <summary>Parses the records of one chunk of a contractual cash-flow file (<c>loan_id,date,amount</c>); one instance per thread.</summary>
internal sealed class ContractualChunkParser(int loanId, int date, int amount, int fieldCount, string source)
{
    private readonly CsvRecordSplitter _splitter = new();
    private byte[] _lastId = new byte[64];
    private int _lastIdLength = -1;
    private string _lastIdText = "";

    public ContractualChunkResult Process(CsvChunk chunk)
    {
        var result = new ContractualChunkResult(chunk.Count, source);
        var issues = result.Issues;
        for (int r = chunk.Index == 0 ? 1 : 0; r < chunk.Count; r++)
        {
            var record = chunk.Record(r);
            if (record.IsEmpty)
            {
                continue;
            }

            long line = chunk.Lines[r];
            _splitter.Split(chunk.Data, r == 0 ? 0 : chunk.RecordEnds[r - 1], record.Length);
            if (_splitter.Error is string malformed)
            {
                issues.Add(line, "", "", malformed);
                continue;
            }

            if (_splitter.Count != fieldCount)
            {
                issues.Add(line, "", "", string.Create(CultureInfo.InvariantCulture, $"has {_splitter.Count} fields; the header has {fieldCount}"));
                continue;
            }

            var id = Utf8Field.Trim(_splitter.Value(loanId));
            if (id.IsEmpty)
            {
                issues.Add(line, "loan_id", "", "must not be empty");
                continue;
            }

            var dateText = Utf8Field.Trim(_splitter.Value(date));
            var amountText = Utf8Field.Trim(_splitter.Value(amount));
            bool ok = true;
            if (!Utf8Field.TryDate(dateText, out var d))
            {
                issues.Add(line, "date", Utf8Field.Text(dateText), "is not a date in yyyy-MM-dd form");
                ok = false;
            }

            if (!Utf8Field.TryNumber(amountText, out double a))
            {
                issues.Add(line, "amount", Utf8Field.Text(amountText), "is not a finite number (invariant culture, '.' decimal separator)");
                ok = false;
            }
            else if (!AmountBound.Holds(a))
            {
                issues.Add(line, "amount", Utf8Field.Text(amountText), AmountBound.Rule);
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            int k = result.Count++;
            result.LoanId[k] = IdText(id);
            result.Day[k] = d.DayNumber;
            result.Amount[k] = a;
            result.Line[k] = line;
        }

        chunk.ReturnData();
        return result;
    }

    private string IdText(ReadOnlySpan<byte> id)
    {
        if (id.Length == _lastIdLength && id.SequenceEqual(_lastId.AsSpan(0, _lastIdLength)))
        {
            return _lastIdText;
        }

        _lastIdText = Utf8Field.Text(id);
        if (_lastId.Length < id.Length)
        {
            _lastId = new byte[id.Length * 2];
        }

        id.CopyTo(_lastId);
        _lastIdLength = id.Length;
        return _lastIdText;
    }
}
