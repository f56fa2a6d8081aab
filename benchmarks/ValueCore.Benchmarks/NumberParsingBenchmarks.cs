using System.Globalization;
using BenchmarkDotNet.Attributes;
using ValueCore.Internal;
using ValueCore.IO;
using ValueCore.IO.Csv;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Benchmarks;

/// <summary>
/// Reading the nine numeric fields of a loan book (ead, pd, lgd, maturity, sales, rate, ftp_rate, fees, opex; texts
/// such as <c>12431.53</c>, <c>0.026392</c>, <c>0.6281</c>, <c>1.33</c>) from a seeded <see cref="SampleLoanBook"/>:
/// the general scanner (the parser before the word-at-a-time path, unchanged) as baseline, the parser with the
/// word-at-a-time path, the BCL's UTF-8 <c>double.Parse</c>, and the batch's per-field work before and after fusing
/// <see cref="NumberText.IsCanonical"/> into the parse. Empty fields (sales outside SME) are left out: the batch never
/// parses them. Each invocation parses <see cref="FieldsPerInvoke"/> fields (the set of <see cref="Fields"/> fields,
/// in file order, as often as needed: 8,000 stay in the L1/L2 caches, 800,000 stream from memory), so the reported
/// time is per field.
/// </summary>
[MemoryDiagnoser]
public class NumberParsingBenchmarks
{
    private const int Columns = 9;
    private const int FirstNumericColumn = 5;
    private const int FieldsPerInvoke = 800_000;

    private byte[] _text = [];
    private int[] _starts = [];
    private int[] _lengths = [];

    private int _passes;

    /// <summary>Distinct non-empty numeric fields (the first ones of the book).</summary>
    [Params(8_000, 800_000)]
    public int Fields { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_text, _starts, _lengths) = NumericFields(Fields);
        _passes = FieldsPerInvoke / Fields;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = FieldsPerInvoke)]
    public double GeneralScanner()
    {
        double sum = 0;
        var text = _text.AsSpan();
        for (int pass = 0; pass < _passes; pass++)
        {
            for (int i = 0; i < _starts.Length; i++)
            {
                sum += Utf8DoubleParser.TryParseGeneral(text.Slice(_starts[i], _lengths[i]), out double value) ? value : 1;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = FieldsPerInvoke)]
    public double WordAtATime()
    {
        double sum = 0;
        var text = _text.AsSpan();
        for (int pass = 0; pass < _passes; pass++)
        {
            for (int i = 0; i < _starts.Length; i++)
            {
                sum += Utf8DoubleParser.TryParse(text.Slice(_starts[i], _lengths[i]), out double value) ? value : 1;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = FieldsPerInvoke)]
    public double Bcl()
    {
        double sum = 0;
        var text = _text.AsSpan();
        for (int pass = 0; pass < _passes; pass++)
        {
            for (int i = 0; i < _starts.Length; i++)
            {
                sum += double.TryParse(text.Slice(_starts[i], _lengths[i]), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : 1;
            }
        }

        return sum;
    }

    /// <summary>The batch today: <see cref="NumberText.TryParse(ReadOnlySpan{byte}, out double)"/>, then <see cref="NumberText.IsCanonical"/> (ead and pd; here every field).</summary>
    [Benchmark(OperationsPerInvoke = FieldsPerInvoke)]
    public double ParseThenIsCanonical()
    {
        double sum = 0;
        var text = _text.AsSpan();
        for (int pass = 0; pass < _passes; pass++)
        {
            for (int i = 0; i < _starts.Length; i++)
            {
                var field = text.Slice(_starts[i], _lengths[i]);
                bool parsed = NumberText.TryParse(field, out double value);
                sum += parsed && NumberText.IsCanonical(field) ? value : -value;
            }
        }

        return sum;
    }

    /// <summary>Both in one scan: <see cref="NumberText.TryParse(ReadOnlySpan{byte}, out double, out bool)"/>.</summary>
    [Benchmark(OperationsPerInvoke = FieldsPerInvoke)]
    public double ParseWithCanonical()
    {
        double sum = 0;
        var text = _text.AsSpan();
        for (int pass = 0; pass < _passes; pass++)
        {
            for (int i = 0; i < _starts.Length; i++)
            {
                bool parsed = NumberText.TryParse(text.Slice(_starts[i], _lengths[i]), out double value, out bool canonical);
                sum += parsed && canonical ? value : -value;
            }
        }

        return sum;
    }

    /// <summary>The first <paramref name="count"/> non-empty numeric fields of a seeded sample book, in file order, in one buffer.</summary>
    internal static (byte[] Text, int[] Starts, int[] Lengths) NumericFields(int count)
    {
        int loans = (count / 7) + 100; // at least 8 non-empty numeric fields a loan
        using var stream = new MemoryStream();
        SampleLoanBook.Write(stream, loans, 42);
        var text = stream.ToArray();
        var starts = new List<int>(loans * Columns);
        var lengths = new List<int>(loans * Columns);
        int lineStart = Array.IndexOf(text, (byte)'\n') + 1; // past the header
        while (lineStart < text.Length)
        {
            int lineEnd = Array.IndexOf(text, (byte)'\n', lineStart);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd;
            int column = 0;
            int fieldStart = lineStart;
            for (int i = lineStart; i <= lineEnd; i++)
            {
                if (i == lineEnd || text[i] == (byte)',')
                {
                    if (column >= FirstNumericColumn && column < FirstNumericColumn + Columns && i > fieldStart)
                    {
                        starts.Add(fieldStart);
                        lengths.Add(i - fieldStart);
                    }

                    column++;
                    fieldStart = i + 1;
                }
            }

            lineStart = lineEnd + 1;
        }

        return (text, starts.GetRange(0, count).ToArray(), lengths.GetRange(0, count).ToArray());
    }
}
