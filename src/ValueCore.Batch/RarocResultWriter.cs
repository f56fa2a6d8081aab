using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.Batch.Provisions;
using System.Buffers;
using System.Globalization;
using System.Text;
using ValueCore.IO.Csv;
using ValueCore.Portfolio;

namespace ValueCore.Batch;

/// <summary>Writes a valuation held in memory (<see cref="PortfolioResult"/>) in exactly the formats of <c>valuecore raroc</c>:
/// <c>loans.csv</c> and <c>by_&lt;columns&gt;.csv</c>. For a book read from a file whose text fields are quoted only where RFC 4180
/// needs it, and that has no blank lines, the files are byte-identical to the batch's (a test checks it).</summary>
internal static class RarocResultWriter
{
    private const int RowsPerBlock = 8192;

    /// <summary>The columns of loans.csv after loan_id and the kept columns (shared with <see cref="RarocCsvJob"/>).</summary>
    internal static readonly string[] LoanFileColumns =
    [
        "segment", "asset_class", "ead", "pd", "correlation", "maturity_adjustment", "k", "rwa", "el", "ec", "revenue",
        "return_pretax", "return", "raroc", "eva",
    ];

    private static readonly byte[][] s_assetClassBytes = LoanColumns.AssetClassLabels.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>The name of a grouping's file.</summary>
    public static string GroupFileName(IReadOnlyList<string> columns) => "by_" + string.Join('_', columns) + ".csv";

    /// <summary>Writes loans.csv (when <paramref name="writeLoans"/>) and one by_ file per grouping under <paramref name="folder"/> of the output.</summary>
    /// <returns>The relative paths written.</returns>
    public static IReadOnlyList<string> Write(OutputDirectory output, string folder, PortfolioResult result, IReadOnlyList<GroupTable> tables,
        IReadOnlyList<string> keep, bool writeLoans, int maxDegreeOfParallelism)
    {
        var files = new List<string>();
        if (writeLoans)
        {
            string name = Path.Combine(folder, "loans.csv");
            using (var stream = output.Create(name, 1 << 20))
            {
                WriteLoans(stream, result, keep, maxDegreeOfParallelism);
            }

            files.Add(name);
        }

        foreach (var table in tables)
        {
            string name = Path.Combine(folder, GroupFileName(table.KeyColumns));
            using (var w = output.CreateText(name))
            {
                WriteGroups(w, table);
            }

            files.Add(name);
        }

        return files;
    }

    /// <summary>Writes the per-loan file: loan_id, the kept columns, then the RAROC columns.</summary>
    public static void WriteLoans(Stream stream, PortfolioResult result, IReadOnlyList<string> keep, int maxDegreeOfParallelism)
    {
        var head = new StringBuilder("loan_id");
        foreach (var k in keep)
        {
            head.Append(',').Append(CsvText.Field(k));
        }

        foreach (var c in LoanFileColumns)
        {
            head.Append(',').Append(c);
        }

        stream.Write(Encoding.UTF8.GetBytes(head.Append('\n').ToString()));
        var book = result.Book;
        var text = new IReadOnlyList<string>[2 + keep.Count];
        text[0] = book.TextColumn(LoanColumns.LoanId);
        for (int k = 0; k < keep.Count; k++)
        {
            text[1 + k] = book.TextColumn(keep[k]);
        }

        text[^1] = book.TextColumn(LoanColumns.Segment);
        int n = result.Count;
        int blocks = (n + RowsPerBlock - 1) / RowsPerBlock;
        int dop = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : Math.Max(1, maxDegreeOfParallelism);
        int batch = Math.Max(1, 2 * dop);
        var formatted = new (byte[] Buffer, int Length)[batch];
        for (int first = 0; first < blocks; first += batch)
        {
            int count = Math.Min(batch, blocks - first);
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = dop }, b =>
            {
                int start = (first + b) * RowsPerBlock;
                formatted[b] = Format(result, text, start, Math.Min(n, start + RowsPerBlock));
            });
            for (int b = 0; b < count; b++)
            {
                stream.Write(formatted[b].Buffer, 0, formatted[b].Length);
                ArrayPool<byte>.Shared.Return(formatted[b].Buffer);
            }
        }
    }

    /// <summary>Writes a group table as <c>valuecore raroc</c> writes its by_ files.</summary>
    public static void WriteGroups(TextWriter w, GroupTable table) => WriteGroups(w, table, [], []);

    /// <summary>Writes a by_ file with extra columns after eva (the Basel III figures of a group: one formatted row per table row).</summary>
    public static void WriteGroups(TextWriter w, GroupTable table, IReadOnlyList<string> extraHead, IReadOnlyList<string[]> extraFields)
    {
        var head = table.KeyColumns.Select(CsvText.Field).Concat(["loans", "ead", "el", "ec", "rwa", "revenue", "return", "raroc", "eva"]).Concat(extraHead).ToArray();
        CsvText.WriteLine(w, head);
        for (int i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var fields = row.Keys.Select(CsvText.Field).Concat(
            [
                row.Loans.ToString(CultureInfo.InvariantCulture), CsvText.Number(row.Ead), CsvText.Number(row.El), CsvText.Number(row.Ec),
                CsvText.Number(row.Rwa), CsvText.Number(row.Revenue), CsvText.Number(row.Return), CsvText.Number(row.Raroc ?? double.NaN),
                CsvText.Number(row.Eva),
            ]).Concat(extraHead.Count == 0 ? [] : extraFields[i]).ToArray();
            CsvText.WriteLine(w, fields);
        }
    }

    private static (byte[], int) Format(PortfolioResult result, IReadOnlyList<string>[] text, int start, int end)
    {
        const int Numbers = 13;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1 << 16, (end - start) * 400));
        int pos = 0;
        var book = result.Book;
        var assetClass = book.AssetClass;
        var ead = book.Ead;
        for (int i = start; i < end; i++)
        {
            int need = (Numbers * (NumberText.MaxLength + 1)) + 32;
            foreach (var column in text)
            {
                need += Encoding.UTF8.GetMaxByteCount(column[i].Length + 2) * 2;
            }

            if (buffer.Length - pos < need)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, pos + need));
                buffer.AsSpan(0, pos).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }

            var span = buffer.AsSpan();
            for (int t = 0; t < text.Length; t++)
            {
                if (t > 0)
                {
                    span[pos++] = (byte)',';
                }

                pos += Encoding.UTF8.GetBytes(CsvText.Field(text[t][i]), span[pos..]);
            }

            span[pos++] = (byte)',';
            s_assetClassBytes[(int)assetClass[i]].CopyTo(span[pos..]);
            pos += s_assetClassBytes[(int)assetClass[i]].Length;
            pos = Num(span, pos, ead[i]);
            pos = Num(span, pos, result.Pd[i]);
            pos = Num(span, pos, result.Correlation[i]);
            pos = Num(span, pos, result.MaturityAdjustment[i]);
            pos = Num(span, pos, result.K[i]);
            pos = Num(span, pos, result.Rwa[i]);
            pos = Num(span, pos, result.El[i]);
            pos = Num(span, pos, result.Ec[i]);
            pos = Num(span, pos, result.Revenue[i]);
            pos = Num(span, pos, result.PreTaxReturn[i]);
            pos = Num(span, pos, result.Return[i]);
            pos = Num(span, pos, result.Raroc[i]);
            pos = Num(span, pos, result.Eva[i]);
            span[pos++] = (byte)'\n';
        }

        return (buffer, pos);
    }

    private static int Num(Span<byte> span, int pos, double value)
    {
        span[pos++] = (byte)',';
        return double.IsNaN(value) ? pos : pos + NumberText.Write(value, span[pos..]);
    }
}
