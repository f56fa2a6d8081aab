using ValueCore.Capital;
using ValueCore.IO.Csv;
using ValueCore.Portfolio;

namespace ValueCore.IO;

/// <summary>Reads a loan-book CSV into memory as a validated <see cref="LoanBook"/> (for books that fit in memory; the batch
/// the batch streams instead).</summary>
/// <remarks>The format (columns, rules, column map) is documented in docs/loan-book.md; the rules are those of the batch.</remarks>
public static class LoanBookCsv
{
    /// <summary>Reads and validates a whole loan book.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">Column map, extra columns to carry and the source name; null for the defaults.</param>
    /// <returns>The book, rows in file order.</returns>
    /// <exception cref="DataValidationException">The file is empty, its header lacks a required column, or any row breaks a rule (all are listed).</exception>
    /// <exception cref="CsvFormatException">The file looks as if it used another field separator or decimal separator than the options say (its header is one field holding ';', or a number reads as <c>0,45</c>).</exception>
    /// <exception cref="ArgumentException">The options' delimiter and decimal separator are not a usable pair (equal, or not separators).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static LoanBook Read(string path, LoanBookCsvOptions? options = null) => Read(path, options, null);

    /// <summary>The header of a loan-book CSV, split with the options' delimiter (the project's one tokenizer): names
    /// unquoted and trimmed, a byte-order mark dropped. Match them ignoring case, as every reader does.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">The delimiter (and decimal separator, checked); null for the defaults.</param>
    /// <returns>The header's names; empty for an empty file.</returns>
    /// <exception cref="ArgumentException">The delimiter and the decimal separator are not a usable pair.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<string> ReadHeader(string path, LoanBookCsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = Sources.BookSource.OpenRead(path, 1 << 12);
        return ReadHeader(stream, options);
    }

    /// <summary>The header of a loan-book CSV stream (read from its current position), as <see cref="ReadHeader(string, LoanBookCsvOptions?)"/>.</summary>
    internal static IReadOnlyList<string> ReadHeader(Stream stream, LoanBookCsvOptions? options)
    {
        var format = CsvFormat.From(options ?? LoanBookCsvOptions.Default);
        var chunk = new CsvChunker(stream, 1, null, 1 << 16).Next();
        if (chunk is null)
        {
            return [];
        }

        var splitter = new CsvRecordSplitter(format.Delimiter);
        splitter.Split(chunk.Data, 0, chunk.Record(0).Length);
        return [.. HeaderMap.Decode(splitter).Select(h => h.Trim())];
    }

    /// <summary>Reads a whole loan book and, when <paramref name="lines"/> is given, appends each loan's physical line.</summary>
    internal static LoanBook Read(string path, LoanBookCsvOptions? options, List<long>? lines)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= LoanBookCsvOptions.Default;
        string source = options.SourceName ?? Sources.BookSource.Label(path);
        using var stream = Sources.BookSource.OpenRead(path, 1 << 16);
        return Read(stream, source, options, lines);
    }

    /// <summary>Reads a whole loan book from a stream (named <paramref name="source"/> in messages) and, when <paramref name="lines"/>
    /// is given, appends each loan's physical line.</summary>
    internal static LoanBook Read(Stream stream, string source, LoanBookCsvOptions options, List<long>? lines)
    {
        var chunker = new CsvChunker(stream, CsvChunker.RecordsPerChunk);
        var first = chunker.Next() ?? throw new DataValidationException(source, [new DataIssue(0, "", "", "the file is empty")], 1);
        var issues = new List<DataIssue>();
        var schema = LoanBookSchema.Create(LoanBookSchema.ReadHeader(first, options, source, issues), options, issues, source: source);
        if (issues.Count > 0)
        {
            throw new DataValidationException(source, issues, issues.Count);
        }

        var processor = new LoanChunkProcessor(schema, ValuationOptions.Default, [], []) { WriteLoans = false, KeepText = true, ValueRows = false };
        var results = new List<LoanChunkResult>();
        long total = 0;
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var chunk = first; chunk is not null; chunk = chunker.Next())
        {
            var r = processor.Process(chunk, chunk.Index == 0 ? 1 : 0);
            foreach (var (issue, _) in r.Issues)
            {
                total++;
                if (issues.Count < DataValidationException.MaxListed)
                {
                    issues.Add(issue);
                }
            }

            for (int v = 0; v < r.Valid; v++)
            {
                long line = chunk.Lines[r.Record[v]];
                lines?.Add(line);
                if (!ids.TryAdd(r.Parsed.LoanId[v], line))
                {
                    total++;
                    if (issues.Count < DataValidationException.MaxListed)
                    {
                        issues.Add(new DataIssue(line, schema.Name(schema.LoanId), r.Parsed.LoanId[v], $"duplicates the loan_id of line {ids[r.Parsed.LoanId[v]]}"));
                    }
                }
            }

            results.Add(r);
        }

        if (chunker.EndedInQuotes)
        {
            total++;
            issues.Add(new DataIssue(0, "", "", "the file ends inside a quoted field (a closing quote is missing)"));
        }

        if (total > 0)
        {
            issues.Sort((a, b) => a.Line.CompareTo(b.Line));
            throw new DataValidationException(source, issues, total);
        }

        return Concatenate(results, schema);
    }

    private static LoanBook Concatenate(List<LoanChunkResult> results, LoanBookSchema schema)
    {
        int n = results.Sum(r => r.Valid);
        var loanId = new string[n];
        var segment = new string[n];
        var customer = new string[n];
        var product = new string[n];
        var classification = new string[n];
        var assetClass = new AssetClass[n];
        double[] ead = new double[n], pd = new double[n], lgd = new double[n], maturity = new double[n], sales = new double[n],
            rate = new double[n], ftp = new double[n], fees = new double[n], opex = new double[n], beel = new double[n];
        double[]? drawn = schema.HasDrawnOrUndrawn ? new double[n] : null, undrawn = schema.HasDrawnOrUndrawn ? new double[n] : null,
            commitmentFee = schema.CommitmentFee >= 0 ? new double[n] : null, undrawnFtp = schema.UndrawnFtp >= 0 ? new double[n] : null,
            term = schema.Term >= 0 ? new double[n] : null;
        var attributes = schema.AttributeNames.Select(_ => new string[n]).ToArray();
        var fallbacks = new byte[n];
        var regulatory = schema.HasRegulatory ? new RegulatoryColumns(n) : null;
        int at = 0;
        foreach (var r in results)
        {
            int k = r.Valid;
            var p = r.Parsed;
            p.LoanId.AsSpan(0, k).CopyTo(loanId.AsSpan(at));
            r.Segment.AsSpan(0, k).CopyTo(segment.AsSpan(at));
            p.CustomerId.AsSpan(0, k).CopyTo(customer.AsSpan(at));
            p.Product.AsSpan(0, k).CopyTo(product.AsSpan(at));
            p.Classification.AsSpan(0, k).CopyTo(classification.AsSpan(at));
            p.AssetClass.AsSpan(0, k).CopyTo(assetClass.AsSpan(at));
            r.Ead.AsSpan(0, k).CopyTo(ead.AsSpan(at));
            p.Pd.AsSpan(0, k).CopyTo(pd.AsSpan(at));
            p.Lgd.AsSpan(0, k).CopyTo(lgd.AsSpan(at));
            p.Maturity.AsSpan(0, k).CopyTo(maturity.AsSpan(at));
            p.Sales.AsSpan(0, k).CopyTo(sales.AsSpan(at));
            p.Rate.AsSpan(0, k).CopyTo(rate.AsSpan(at));
            p.Ftp.AsSpan(0, k).CopyTo(ftp.AsSpan(at));
            p.Fees.AsSpan(0, k).CopyTo(fees.AsSpan(at));
            p.Opex.AsSpan(0, k).CopyTo(opex.AsSpan(at));
            p.Beel.AsSpan(0, k).CopyTo(beel.AsSpan(at));
            r.Fallbacks.AsSpan(0, k).CopyTo(fallbacks.AsSpan(at));
            Copy(p.Drawn, drawn);
            Copy(p.Undrawn, undrawn);
            Copy(p.CommitmentFee, commitmentFee);
            Copy(p.UndrawnFtp, undrawnFtp);
            Copy(p.Term, term);
            if (regulatory is not null)
            {
                p.Regulatory.CopyTo(regulatory, at, k);
            }
            for (int a = 0; a < attributes.Length; a++)
            {
                p.Attributes[a].AsSpan(0, k).CopyTo(attributes[a].AsSpan(at));
            }

            at += k;

            void Copy(double[] from, double[]? to)
            {
                if (to is not null)
                {
                    from.AsSpan(0, k).CopyTo(to.AsSpan(at));
                }
            }
        }

        var extra = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (int a = 0; a < attributes.Length; a++)
        {
            if (!LoanBookBuilder.IsStandard(schema.AttributeNames[a]))
            {
                extra[schema.AttributeNames[a]] = attributes[a];
            }
        }

        return new LoanBook(n, loanId, segment, customer, product, classification, assetClass, ead, pd, lgd, maturity, sales,
            rate, ftp, fees, opex, beel, extra).WithOptionalColumns(drawn, undrawn, commitmentFee, undrawnFtp, term).WithFallbacks(fallbacks).WithRegulatory(regulatory);
    }
}
