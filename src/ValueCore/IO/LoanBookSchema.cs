using System.Text;
using ValueCore.IO.Csv;
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

    /// <summary>Indices of the Basel III columns (<see cref="LoanColumns.RegulatoryColumnNames"/> order), -1 where absent.</summary>
    public int[] Regulatory { get; private init; } = [.. LoanColumns.RegulatoryColumnNames.Select(_ => -1)];

    /// <summary>Whether the file has at least one Basel III column (only then are they parsed: a book without them costs nothing).</summary>
    public bool HasRegulatory { get; private init; }

    /// <summary>Indices of the extra attribute columns, in the order asked.</summary>
    public int[] Attributes { get; private init; } = [];

    public string[] AttributeNames { get; private init; } = [];

    /// <summary>
    /// The fields read only as numbers (through the one number rule of each), which a typed source may hand over as
    /// decoded doubles instead of text (the column path, docs/loan-book.md, "Book sources"); none when the format
    /// is not the default one (a typed source's text is rendered with ',' and '.'), and never a field that is also
    /// read as text (an identifier, a label, a grouping or a kept column).
    /// </summary>
    public IReadOnlySet<int> NumberOnlyFields()
    {
        if (Format.Delimiter != (byte)',' || Format.DecimalComma)
        {
            return new HashSet<int>();
        }

        // Regulatory: collateral_value, collateral_haircut, guarantor_pd, guaranteed_amount, ltv, provision are numbers.
        var numbers = new HashSet<int>([Ead, Drawn, Undrawn, Ccf, CommitmentFee, UndrawnFtp, Pd, Lgd, Rate, FtpRate, Term, Maturity, Sales, Fees, Opex, Beel,
            Repricing, Regulatory[4], Regulatory[5], Regulatory[7], Regulatory[9], Regulatory[12], Regulatory[13]]);
        numbers.ExceptWith([LoanId, Segment, AssetClass, CustomerId, Product, Classification, Amortisation, .. Attributes,
            Regulatory[0], Regulatory[1], Regulatory[2], Regulatory[3], Regulatory[6], Regulatory[8], Regulatory[10], Regulatory[11]]);
        numbers.Remove(-1);
        return numbers;
    }

    public string Name(int field) => Header[field];

    /// <summary>The file's field and decimal separators (<see cref="LoanBookCsvOptions.Delimiter"/>, <see cref="LoanBookCsvOptions.DecimalSeparator"/>).</summary>
    public CsvFormat Format { get; private init; } = CsvFormat.Default;

    /// <summary>The source label of messages (file name).</summary>
    public string Source { get; private init; } = "";

    /// <summary>
    /// Splits and decodes the header record (record 0 of <paramref name="first"/>) with the options' delimiter; a
    /// malformed header is an issue; a header of one field that holds another separator raises
    /// <see cref="CsvFormatException"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options' delimiter and decimal separator are not a usable pair (<see cref="CsvFormat.From(char, char)"/>).</exception>
    public static string[] ReadHeader(CsvChunk first, LoanBookCsvOptions options, string source, List<DataIssue> issues)
    {
        var format = CsvFormat.From(options);
        var splitter = new CsvRecordSplitter(format.Delimiter);
        splitter.Split(first.Data, 0, first.Record(0).Length);
        var header = HeaderMap.Decode(splitter);
        if (splitter.Error is string headerError)
        {
            issues.Add(DataIssue.Header("", "", "the header " + headerError));
        }

        HeaderMap.CheckSeparator(source, header, format.Delimiter);
        return header;
    }

    /// <summary>Resolves the header (names matched ignoring case, through the column map); problems (missing or
    /// repeated columns, unknown mapped names) are returned as line-1 issues.</summary>
    /// <exception cref="ArgumentException">The options' delimiter and decimal separator are not a usable pair.</exception>
    public static LoanBookSchema Create(string[] header, LoanBookCsvOptions options, List<DataIssue> issues, bool ftpFromCurve = false, string source = "")
    {
        var format = CsvFormat.From(options);
        for (int i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                issues.Add(DataIssue.Header("", "", $"header field {i + 1} is empty"));
            }
        }

        var map = HeaderMap.Create(header, issues, options.ColumnMap);
        foreach (var (standard, mapped) in options.ColumnMap)
        {
            if (!ParameterFiles.MappableColumns.Contains(standard))
            {
                issues.Add(DataIssue.Header(standard, mapped, $"is not a loan-book column the column map can name (known: {string.Join(", ", ParameterFiles.MappableColumns)})"));
            }
            else if (s_all.Contains(standard) && map.IndexOfHeader(mapped) < 0)
            {
                issues.Add(DataIssue.Header(standard, mapped, "is mapped to a header that the file does not have"));
            }
        }

        int Find(string name) => map.IndexOf(name);

        int Required(string name)
        {
            int i = Find(name);
            if (i < 0)
            {
                string mapped = map.Mapped(name);
                issues.Add(DataIssue.Header("", "", mapped == name ? $"required column '{name}' is missing" : $"required column '{mapped}' (mapped from {name}) is missing"));
            }

            return i;
        }

        int ead = Find(LoanColumns.Ead);
        int drawn = Find(LoanColumns.Drawn);
        if (ead < 0 && drawn < 0)
        {
            issues.Add(DataIssue.Header("", "", "required column 'ead' is missing (give ead, or drawn with optional undrawn and ccf)"));
        }

        int undrawn = Find(LoanColumns.Undrawn);
        int commitmentFee = Find(LoanColumns.CommitmentFee);
        int undrawnFtp = Find(LoanColumns.UndrawnFtp);
        if (undrawn < 0 && (commitmentFee >= 0 || undrawnFtp >= 0))
        {
            string name = commitmentFee >= 0 ? LoanColumns.CommitmentFee : LoanColumns.UndrawnFtp;
            issues.Add(DataIssue.Header(name, header[commitmentFee >= 0 ? commitmentFee : undrawnFtp], "needs an undrawn column (it is an annual rate on the undrawn commitment)"));
        }

        var attributes = new int[options.Attributes.Count];
        for (int a = 0; a < attributes.Length; a++)
        {
            string name = options.Attributes[a];
            int i = map.IndexOfHeader(name);
            attributes[a] = i >= 0 ? i : Find(name);
            if (attributes[a] < 0)
            {
                issues.Add(DataIssue.Header("", "", $"column '{name}' (asked for grouping or output) is not in the file"));
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
            Regulatory = [.. LoanColumns.RegulatoryColumnNames.Select(Find)],
            HasRegulatory = LoanColumns.RegulatoryColumnNames.Any(c => Find(c) >= 0),
            Attributes = attributes,
            AttributeNames = [.. options.Attributes],
            AssetClassCodes = Codes(options, LoanColumns.AssetClass),
            AmortisationCodes = Codes(options, "amortisation"),
            ClassificationMap = options.ValueMap.GetValueOrDefault(LoanColumns.Classification) is { Count: > 0 } classes ? classes : null,
            PdInPercent = options.PdInPercent,
            Format = format,
            Source = source,
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

    /// <summary>The header with each mapped column, and each known column written in another case, under its standard name (for readers that look columns up by name).</summary>
    public static string[] StandardHeader(string[] header, LoanBookCsvOptions options)
    {
        // Headers are matched ignoring case: a known column in another case goes under its standard name.
        var standard = (string[])header.Clone();
        for (int i = 0; i < standard.Length; i++)
        {
            foreach (string known in ParameterFiles.MappableColumns)
            {
                if (string.Equals(standard[i], known, StringComparison.OrdinalIgnoreCase))
                {
                    standard[i] = known;
                    break;
                }
            }
        }

        foreach (var (name, mapped) in options.ColumnMap)
        {
            int i = Array.FindIndex(header, h => string.Equals(h, mapped, StringComparison.OrdinalIgnoreCase));
            if (i >= 0)
            {
                standard[i] = name;
            }
        }

        return standard;
    }

    /// <summary>Decodes header fields (a UTF-8 byte-order mark on the first is dropped): <see cref="HeaderMap.Decode"/>.</summary>
    public static string[] DecodeHeader(CsvRecordSplitter splitter) => HeaderMap.Decode(splitter);

    private static readonly HashSet<string> s_all = new(StringComparer.Ordinal)
    {
        LoanColumns.LoanId, LoanColumns.Segment, LoanColumns.AssetClass, LoanColumns.Ead, LoanColumns.Drawn, LoanColumns.Undrawn,
        LoanColumns.Ccf, LoanColumns.Pd, LoanColumns.Lgd, LoanColumns.Rate, LoanColumns.FtpRate, LoanColumns.Maturity,
        LoanColumns.CustomerId, LoanColumns.Product, LoanColumns.Sales, LoanColumns.Fees, LoanColumns.Opex,
        LoanColumns.Classification, LoanColumns.Beel, LoanColumns.CommitmentFee, LoanColumns.UndrawnFtp, LoanColumns.Term,
        LoanColumns.LargeFi, LoanColumns.QrreTransactor, LoanColumns.Approach, LoanColumns.CollateralType, LoanColumns.CollateralValue,
        LoanColumns.CollateralHaircut, LoanColumns.Seniority, LoanColumns.GuarantorPd, LoanColumns.GuarantorClass,
        LoanColumns.GuaranteedAmount, LoanColumns.Rating, LoanColumns.ScraGrade, LoanColumns.Ltv, LoanColumns.Provision,
    };
}
