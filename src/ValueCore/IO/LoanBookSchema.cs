using System.Text;
using ValueCore.Portfolio;

namespace ValueCore.IO;

/// <summary>Where each loan-book field sits in a file's header, after the user's column map.</summary>
internal sealed class LoanBookSchema
{
    private LoanBookSchema(string[] header)
    {
        Header = header;
    }

    public string[] Header { get; }

    public int FieldCount => Header.Length;

    public int LoanId { get; private init; } = -1;
    public int Segment { get; private init; } = -1;
    public int AssetClass { get; private init; } = -1;
    public int Ead { get; private init; } = -1;
    public int Drawn { get; private init; } = -1;
    public int Undrawn { get; private init; } = -1;
    public int Ccf { get; private init; } = -1;
    public int Pd { get; private init; } = -1;
    public int Lgd { get; private init; } = -1;
    public int Rate { get; private init; } = -1;
    public int FtpRate { get; private init; } = -1;
    public int Maturity { get; private init; } = -1;
    public int Term { get; private init; } = -1;
    public int CommitmentFee { get; private init; } = -1;
    public int UndrawnFtp { get; private init; } = -1;

    /// <summary>Whether the file has a commitment fee or an undrawn liquidity charge (so revenue has an undrawn term).</summary>
    public bool HasUndrawnIncome => CommitmentFee >= 0 || UndrawnFtp >= 0;

    /// <summary>Whether the file has a drawn or an undrawn column (so a read book carries drawn and undrawn amounts).</summary>
    public bool HasDrawnOrUndrawn => Drawn >= 0 || Undrawn >= 0;
    public int CustomerId { get; private init; } = -1;
    public int Product { get; private init; } = -1;
    public int Sales { get; private init; } = -1;
    public int Fees { get; private init; } = -1;
    public int Opex { get; private init; } = -1;
    public int Classification { get; private init; } = -1;
    public int Beel { get; private init; } = -1;
    public int Amortisation { get; private init; } = -1;
    public int Repricing { get; private init; } = -1;

    /// <summary>Indices of the extra attribute columns, in the order asked.</summary>
    public int[] Attributes { get; private init; } = [];

    public string[] AttributeNames { get; private init; } = [];

    public string Name(int field) => Header[field];

    /// <summary>Resolves the header; problems (missing or repeated columns, unknown mapped names) are returned as line-1 issues.</summary>
    public static LoanBookSchema Create(string[] header, LoanBookCsvOptions options, List<DataIssue> issues, bool ftpFromCurve = false)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                issues.Add(new DataIssue(1, "", "", $"header field {i + 1} is empty"));
            }
            else if (!index.TryAdd(header[i], i))
            {
                issues.Add(new DataIssue(1, header[i], header[i], $"is a repeated column name (fields {index[header[i]] + 1} and {i + 1})"));
            }
        }

        foreach (var (standard, mapped) in options.ColumnMap)
        {
            if (!ParameterFiles.MappableColumns.Contains(standard))
            {
                issues.Add(new DataIssue(1, standard, mapped, $"is not a loan-book column the column map can name (known: {string.Join(", ", ParameterFiles.MappableColumns)})"));
            }
            else if (s_all.Contains(standard) && !index.ContainsKey(mapped))
            {
                issues.Add(new DataIssue(1, standard, mapped, "is mapped to a header that the file does not have"));
            }
        }

        int Find(string name) => index.TryGetValue(options.ColumnMap.GetValueOrDefault(name, name), out int i) ? i : -1;

        int Required(string name)
        {
            int i = Find(name);
            if (i < 0)
            {
                string mapped = options.ColumnMap.GetValueOrDefault(name, name);
                issues.Add(new DataIssue(1, "", "", mapped == name ? $"required column '{name}' is missing" : $"required column '{mapped}' (mapped from {name}) is missing"));
            }

            return i;
        }

        int ead = Find(LoanColumns.Ead);
        int drawn = Find(LoanColumns.Drawn);
        if (ead < 0 && drawn < 0)
        {
            issues.Add(new DataIssue(1, "", "", "required column 'ead' is missing (give ead, or drawn with optional undrawn and ccf)"));
        }

        int undrawn = Find(LoanColumns.Undrawn);
        int commitmentFee = Find(LoanColumns.CommitmentFee);
        int undrawnFtp = Find(LoanColumns.UndrawnFtp);
        if (undrawn < 0 && (commitmentFee >= 0 || undrawnFtp >= 0))
        {
            string name = commitmentFee >= 0 ? LoanColumns.CommitmentFee : LoanColumns.UndrawnFtp;
            issues.Add(new DataIssue(1, name, header[commitmentFee >= 0 ? commitmentFee : undrawnFtp], "needs an undrawn column (it is an annual rate on the undrawn commitment)"));
        }

        var attributes = new int[options.Attributes.Count];
        for (int a = 0; a < attributes.Length; a++)
        {
            string name = options.Attributes[a];
            attributes[a] = index.TryGetValue(name, out int i) ? i : Find(name);
            if (attributes[a] < 0)
            {
                issues.Add(new DataIssue(1, "", "", $"column '{name}' (asked for grouping or output) is not in the file"));
            }
        }

        return new LoanBookSchema(header)
        {
            LoanId = Required(LoanColumns.LoanId),
            Segment = Required(LoanColumns.Segment),
            AssetClass = Required(LoanColumns.AssetClass),
            Pd = Required(LoanColumns.Pd),
            Lgd = Required(LoanColumns.Lgd),
            Rate = Required(LoanColumns.Rate),
            FtpRate = ftpFromCurve ? Find(LoanColumns.FtpRate) : Required(LoanColumns.FtpRate),
            Amortisation = ftpFromCurve ? Find("amortisation") : -1,
            Repricing = ftpFromCurve ? Find("repricing") : -1,
            Ead = ead,
            Drawn = drawn,
            Undrawn = undrawn,
            Ccf = ead < 0 ? Find(LoanColumns.Ccf) : -1,
            CommitmentFee = commitmentFee,
            UndrawnFtp = undrawnFtp,
            Maturity = Find(LoanColumns.Maturity),
            Term = Find(LoanColumns.Term),
            CustomerId = Find(LoanColumns.CustomerId),
            Product = Find(LoanColumns.Product),
            Sales = Find(LoanColumns.Sales),
            Fees = Find(LoanColumns.Fees),
            Opex = Find(LoanColumns.Opex),
            Classification = Find(LoanColumns.Classification),
            Beel = Find(LoanColumns.Beel),
            Attributes = attributes,
            AttributeNames = [.. options.Attributes],
            AssetClassCodes = Codes(options, LoanColumns.AssetClass),
            AmortisationCodes = Codes(options, "amortisation"),
            ClassificationMap = options.ValueMap.GetValueOrDefault(LoanColumns.Classification) is { Count: > 0 } classes ? classes : null,
            PdInPercent = options.PdInPercent,
        };
    }

    /// <summary>The value map of a coded column as UTF-8 (code, value) pairs, compared to the cell bytes; empty when none.</summary>
    private static (byte[] Code, byte[] Value)[] Codes(LoanBookCsvOptions options, string column) =>
        options.ValueMap.TryGetValue(column, out var map)
            ? [.. map.Select(p => (Encoding.UTF8.GetBytes(p.Key), Encoding.UTF8.GetBytes(p.Value)))]
            : [];

    /// <summary>Value-map codes of <c>asset_class</c> (LoanBookCsvOptions.ValueMap); empty: the labels are read as they stand.</summary>
    public (byte[] Code, byte[] Value)[] AssetClassCodes { get; private init; } = [];

    /// <summary>Value-map codes of <c>amortisation</c>; empty: the labels are read as they stand.</summary>
    public (byte[] Code, byte[] Value)[] AmortisationCodes { get; private init; } = [];

    /// <summary>Value map of <c>classification</c>; null when none.</summary>
    public IReadOnlyDictionary<string, string>? ClassificationMap { get; private init; }

    /// <summary>Whether the pd column is in percent (divided by 100 on read).</summary>
    public bool PdInPercent { get; private init; }

    /// <summary>The cell text a value map gives for a code (the cell itself when the code is not mapped).</summary>
    public static ReadOnlySpan<byte> Decode((byte[] Code, byte[] Value)[] codes, ReadOnlySpan<byte> cell)
    {
        foreach (var (code, value) in codes)
        {
            if (cell.SequenceEqual(code))
            {
                return value;
            }
        }

        return cell;
    }

    /// <summary>The header with each mapped column under its standard name (for readers that look columns up by name).</summary>
    public static string[] StandardHeader(string[] header, LoanBookCsvOptions options)
    {
        if (options.ColumnMap.Count == 0)
        {
            return header;
        }

        var standard = (string[])header.Clone();
        foreach (var (name, mapped) in options.ColumnMap)
        {
            int i = Array.IndexOf(header, mapped);
            if (i >= 0)
            {
                standard[i] = name;
            }
        }

        return standard;
    }

    /// <summary>Decodes header fields (a UTF-8 byte-order mark on the first is dropped).</summary>
    public static string[] DecodeHeader(Csv.CsvRecordSplitter splitter)
    {
        var header = new string[splitter.Count];
        for (int i = 0; i < header.Length; i++)
        {
            var v = splitter.Value(i);
            if (i == 0 && v.StartsWith("\uFEFF"u8))
            {
                v = v[3..];
            }

            header[i] = Encoding.UTF8.GetString(v);
        }

        return header;
    }

    private static readonly HashSet<string> s_all = new(StringComparer.Ordinal)
    {
        LoanColumns.LoanId, LoanColumns.Segment, LoanColumns.AssetClass, LoanColumns.Ead, LoanColumns.Drawn, LoanColumns.Undrawn,
        LoanColumns.Ccf, LoanColumns.Pd, LoanColumns.Lgd, LoanColumns.Rate, LoanColumns.FtpRate, LoanColumns.Maturity,
        LoanColumns.CustomerId, LoanColumns.Product, LoanColumns.Sales, LoanColumns.Fees, LoanColumns.Opex,
        LoanColumns.Classification, LoanColumns.Beel, LoanColumns.CommitmentFee, LoanColumns.UndrawnFtp, LoanColumns.Term,
    };
}
