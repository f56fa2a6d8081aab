using System.Globalization;
using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using ValueCore.IO;
using ValueCore.IO.Csv;

namespace ValueCore.Batch;

/// <summary>What a run's <c>results.xlsx</c> says about the run itself: its tool, its parameters, where warnings go.</summary>
/// <param name="Tool">The command, e.g. <c>valuecore raroc</c>.</param>
/// <param name="Parameters">The run's parameters as given (name, value), in order; written to the parameters sheet.</param>
/// <param name="Warn">Where a warning goes (a table left out of the workbook); null: nowhere.</param>
internal sealed record WorkbookRequest(string Tool, IReadOnlyList<KeyValuePair<string, string>> Parameters, Action<string>? Warn)
{
    /// <summary>The most rows a sheet may hold, header and totals included: Excel's limit, lower in tests (the seam of the row-limit branch).</summary>
    public int RowLimit { get; init; } = ResultWorkbook.ExcelRowLimit;
}

/// <summary>
/// The one workbook writer: <c>results.xlsx</c> beside a run's CSV tables, one sheet per table plus a parameters sheet,
/// read back from the CSV files the run wrote (so every cell is the CSV's value) and streamed row by row through the
/// Open XML SDK's <see cref="OpenXmlWriter"/> (bounded memory for a million-row sheet).
/// </summary>
/// <remarks>
/// Cells hold typed values, never formulas: a number as a number cell (the double the CSV text parses to), any other
/// text as an inline string (the CSV's formula-guard apostrophe removed, since a string cell is never evaluated).
/// Identifier columns (<c>id</c>, <c>*_id</c>), known label columns and the key columns of a group table (those before
/// <c>loans</c> in a <c>by_*.csv</c>) stay text even when they look like numbers. Group tables get a totals row: sums
/// of the additive amounts and counts, ratios recomputed from the summed parts (RAROC = return / EC, coverage =
/// ECL or provision / exposure), other columns empty. A table with more rows than <see cref="WorkbookRequest.RowLimit"/>
/// is left out, with a warning and a note in the parameters sheet. docs/conventions.md, "Workbooks (results.xlsx) and progress".
/// </remarks>
internal static class ResultWorkbook
{
    /// <summary>The workbook's file name in the output folder.</summary>
    public const string FileName = "results.xlsx";

    /// <summary>Excel's row limit per sheet (header included).</summary>
    public const int ExcelRowLimit = 1_048_576;

    private const string ParametersSheet = "parameters";

    private static readonly AsyncLocal<WorkbookRequest?> s_request = new();

    // Style indexes into the stylesheet's cellXfs (see Stylesheet()).
    private const uint StyleCount = 1, StyleAmount = 2, StylePercent = 3, StyleHeader = 4, StyleTotalText = 5;
    private const uint BoldOffset = 5; // StyleCount + BoldOffset = the bold count style of a totals row, and so on

    private enum Kind
    {
        General,
        Text,
        Count,
        Amount,
        Percent,
    }

    private static readonly HashSet<string> s_text = new(StringComparer.OrdinalIgnoreCase)
    {
        "segment", "product", "asset_class", "classification", "stage_reason", "status", "unit", "risk_type", "scenario",
        "level", "figure", "state", "from", "to", "kind", "metric", "eir_source", "note", "field", "operation", "where",
        "measure", "method", "rating", "grade", "name", "item", "label", "type",
    };

    private static readonly HashSet<string> s_counts = new(StringComparer.OrdinalIgnoreCase)
    {
        "loans", "count", "individual_loans", "loans_selected", "loans_bounded", "row_total", "flows", "iterations", "scenarios", "tail_scenarios",
    };

    private static readonly HashSet<string> s_additive = new(StringComparer.OrdinalIgnoreCase)
    {
        "loans", "count", "individual_loans", "ead", "drawn", "undrawn", "el", "ec", "rwa", "revenue", "return", "return_pretax", "eva", "exposure",
        "ecl", "ecl_stage1", "ecl_stage2", "ecl_stage3", "ecl_12m", "ecl_lifetime", "provision", "individual_exposure", "el_simulated",
        "es_contribution", "var_contribution", "sd_contribution", "standalone_ec", "diversified_ec", "diversification_benefit",
        "standalone_eva", "diversified_eva", "mc_ec", "mc_es_contribution", "contribution", "capital", "allowance",
        "carrying_amount", "net_carrying_amount", "pv_expected", "pv", "weighted_pv", "bi", "standalone",
    };

    private static readonly HashSet<string> s_amounts = new(StringComparer.OrdinalIgnoreCase)
    {
        "var", "es", "opening", "closing", "interest", "cash", "unwind", "remeasurement", "write_off", "opening_allowance",
        "closing_allowance", "cash_received", "interest_income", "gross_carrying_amount", "initial_carrying_amount",
        "pv_cure", "pv_liquidation", "pv_restructure", "loss", "baseline", "value", "change", "nopat",
    };

    private static readonly HashSet<string> s_percent = new(StringComparer.OrdinalIgnoreCase)
    {
        "raroc", "standalone_raroc", "diversified_raroc", "coverage", "pd", "lgd", "ecl_lgd", "eir", "probability", "relative_change",
        "correlation", "bic_share", "confidence", "cumulative_pd", "marginal_pd", "pd_12m", "pd_lifetime", "pd_h", "rate", "ftp_rate",
        "hurdle", "tax", "min_rate", "margin",
    };

    /// <summary>The workbook request of the command running on this flow (null: none); the CLI sets it for a command
    /// given the workbook option, and every <see cref="OutputDirectory"/> opened on the flow writes one.</summary>
    public static WorkbookRequest? Request
    {
        get => s_request.Value;
        set => s_request.Value = value;
    }

    /// <summary>Writes the workbook of the given CSV tables.</summary>
    /// <param name="destination">A writable stream; left open.</param>
    /// <param name="tables">Each table's name in the output folder (<c>by_segment.csv</c>, <c>baseline/loans.csv</c>) and the path of its complete file.</param>
    /// <param name="request">The run.</param>
    public static void Write(Stream destination, IReadOnlyList<(string Name, string Path)> tables, WorkbookRequest request)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(request);

        // The package is assembled here with System.IO.Compression in create mode, each part streamed into the zip as it
        // is written: the SDK's own packaging (System.IO.Packaging) holds every part in memory until it is closed
        // when writing, and refuses a write-only package, so a million-row sheet would not fit in bounded memory.
        // The parts' XML is the SDK's: typed elements, and its OpenXmlWriter for the sheets.
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        var sheets = new Sheets();
        var filters = new DefinedNames();
        var notes = new List<(string Section, string Name, string Value)>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ParametersSheet };
        foreach (var (name, path) in tables)
        {
            long records = CountRecords(path);
            long rows = records + (IsGroupTable(name) ? 1 : 0);
            if (rows > request.RowLimit)
            {
                string text = string.Create(CultureInfo.InvariantCulture,
                    $"{name} has {records - 1:N0} rows; with its header that is more than a sheet holds ({request.RowLimit:N0} rows), so it is not in {FileName}: read the CSV");
                notes.Add(("left out", name, text));
                request.Warn?.Invoke(text);
                continue;
            }

            string sheet = SheetName(name, names);
            uint id = (uint)sheets.ChildElements.Count + 1;
            var (written, lastColumn) = WriteTable(zip, SheetPath(id), name, path);
            sheets.Append(new Sheet { Name = sheet, SheetId = id, Id = "rId" + id.ToString(CultureInfo.InvariantCulture) });
            if (lastColumn > 0)
            {
                filters.Append(new DefinedName($"'{sheet}'!$A$1:${ColumnName(lastColumn)}${Math.Max(written, 1)}")
                {
                    Name = "_xlnm._FilterDatabase", LocalSheetId = id - 1, Hidden = true,
                });
            }

            notes.Add(("sheet", sheet, string.Create(CultureInfo.InvariantCulture, $"{name}: {records - 1} rows{(IsGroupTable(name) ? " and a totals row" : "")}")));
        }

        var parameters = new List<string[]> { new[] { "run", "tool", request.Tool } };
        parameters.Add(["run", "version", typeof(ResultWorkbook).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"]);
        parameters.AddRange(request.Parameters.Select(p => new[] { "parameter", p.Key, p.Value }));
        parameters.AddRange(notes.Select(n => new[] { n.Section, n.Name, n.Value }));
        uint parametersId = (uint)sheets.ChildElements.Count + 1;
        using (var stream = Entry(zip, SheetPath(parametersId)))
        {
            WriteRows(stream, ["section", "name", "value"], parameters.Select(r => r.Select(v => (object?)v).ToArray()), [Kind.Text, Kind.Text, Kind.Text], totals: null);
        }

        sheets.Append(new Sheet { Name = ParametersSheet, SheetId = parametersId, Id = "rId" + parametersId.ToString(CultureInfo.InvariantCulture) });
        filters.Append(new DefinedName($"{ParametersSheet}!$A$1:$C${parameters.Count + 1}") { Name = "_xlnm._FilterDatabase", LocalSheetId = parametersId - 1, Hidden = true });

        var workbook = new Workbook(sheets, filters);
        workbook.AddNamespaceDeclaration("r", RelationshipsNamespace);
        Save(zip, "xl/workbook.xml", workbook);
        Save(zip, "xl/styles.xml", Stylesheet());
        int count = sheets.ChildElements.Count;
        WritePackageParts(zip, count);
    }

    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships";

    private static string SheetPath(uint id) => "xl/worksheets/sheet" + id.ToString(CultureInfo.InvariantCulture) + ".xml";

    /// <summary>A new zip entry with a fixed time, so identical runs write identical bytes (docs/conventions.md).</summary>
    private static Stream Entry(ZipArchive zip, string name)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return entry.Open();
    }

    private static void Save(ZipArchive zip, string name, OpenXmlElement element)
    {
        using var stream = Entry(zip, name);
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) });
        element.WriteTo(xml);
    }

    /// <summary>The package's content types and relationships (ECMA-376 Part 2): workbook, styles and <paramref name="sheets"/> sheets.</summary>
    private static void WritePackageParts(ZipArchive zip, int sheets)
    {
        const string main = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
        Xml(zip, "[Content_Types].xml", "http://schemas.openxmlformats.org/package/2006/content-types", "Types", w =>
        {
            Element(w, "Default", ("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml"));
            Element(w, "Default", ("Extension", "xml"), ("ContentType", "application/xml"));
            Element(w, "Override", ("PartName", "/xl/workbook.xml"), ("ContentType", main + "sheet.main+xml"));
            Element(w, "Override", ("PartName", "/xl/styles.xml"), ("ContentType", main + "styles+xml"));
            for (uint i = 1; i <= sheets; i++)
            {
                Element(w, "Override", ("PartName", "/" + SheetPath(i)), ("ContentType", main + "worksheet+xml"));
            }
        });
        Xml(zip, "_rels/.rels", PackageRelationshipsNamespace, "Relationships", w =>
            Element(w, "Relationship", ("Id", "rId1"), ("Type", RelationshipsNamespace + "/officeDocument"), ("Target", "xl/workbook.xml")));
        Xml(zip, "xl/_rels/workbook.xml.rels", PackageRelationshipsNamespace, "Relationships", w =>
        {
            for (uint i = 1; i <= sheets; i++)
            {
                string id = i.ToString(CultureInfo.InvariantCulture);
                Element(w, "Relationship", ("Id", "rId" + id), ("Type", RelationshipsNamespace + "/worksheet"), ("Target", "worksheets/sheet" + id + ".xml"));
            }

            Element(w, "Relationship", ("Id", "rIdStyles"), ("Type", RelationshipsNamespace + "/styles"), ("Target", "styles.xml"));
        });
    }

    private static void Xml(ZipArchive zip, string name, string ns, string root, Action<XmlWriter> body)
    {
        using var stream = Entry(zip, name);
        using var w = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) });
        w.WriteStartDocument(standalone: true);
        w.WriteStartElement(root, ns);
        body(w);
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void Element(XmlWriter w, string name, params (string Name, string Value)[] attributes)
    {
        w.WriteStartElement(name); // in the root's default namespace
        foreach (var (n, v) in attributes)
        {
            w.WriteAttributeString(n, v);
        }

        w.WriteEndElement();
    }

    /// <summary>Whether a table is a group table (a totals row): a <c>by_*.csv</c> (per segment, stage, class ...).</summary>
    internal static bool IsGroupTable(string name) => System.IO.Path.GetFileName(name).StartsWith("by_", StringComparison.Ordinal);

    /// <summary>A valid, unique sheet name for a table: its path without <c>.csv</c>, '/' as '-', at most 31 characters.</summary>
    internal static string SheetName(string table, HashSet<string> taken)
    {
        string stem = table.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? table[..^4] : table;
        var chars = stem.Select(c => c is '/' or '\\' ? '-' : c is ':' or '?' or '*' or '[' or ']' or '\'' ? '_' : c).ToArray();
        string name = new string(chars).Trim();
        name = name.Length == 0 ? "table" : name;
        name = name.Length > 31 ? name[..31] : name;
        string candidate = name;
        for (int i = 2; !taken.Add(candidate); i++)
        {
            string suffix = "~" + i.ToString(CultureInfo.InvariantCulture);
            candidate = (name.Length + suffix.Length > 31 ? name[..(31 - suffix.Length)] : name) + suffix;
        }

        return candidate;
    }

    private static long CountRecords(string path)
    {
        using var stream = OpenShared(path);
        using var chunker = new CsvChunker(stream, CsvChunker.RecordsPerChunk, null, 1 << 16);
        long n = 0;
        while (chunker.Next() is { } chunk)
        {
            n += chunk.Count;
            chunk.ReturnData();
        }

        return n;
    }

    /// <summary>Opens a table for reading; a writer of the run still holding it open is a bug of the job (it fails here, not silently).</summary>
    private static FileStream OpenShared(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    /// <summary>Streams one CSV table into a sheet; returns the rows written (header and totals included) and the column count.</summary>
    private static (long Rows, int Columns) WriteTable(ZipArchive zip, string entry, string name, string path)
    {
        using var stream = OpenShared(path);
        using var part = Entry(zip, entry);
        var records = new CsvRecords(stream);
        if (!records.TryRead(out var header))
        {
            WriteRows(part, [], [], [], null);
            return (0, 0);
        }

        string[] columns = header.Fields;
        bool group = IsGroupTable(name);
        int keys = group ? Array.FindIndex(columns, c => c.Equals("loans", StringComparison.OrdinalIgnoreCase)) : -1;
        group &= keys >= 0;
        var kinds = columns.Select((c, i) => group && i < keys ? Kind.Text : KindOf(c)).ToArray();
        var totals = group ? new Totals(columns, kinds) : null;
        var rows = Rows(records, kinds, totals);
        long written = WriteRows(part, columns, rows, kinds, totals);
        return (written - (totals is null ? 0 : 1), columns.Length);
    }

    private static IEnumerable<object?[]> Rows(CsvRecords records, Kind[] kinds, Totals? totals)
    {
        while (records.TryRead(out var record))
        {
            if (CsvRecords.IsBlank(record))
            {
                continue;
            }

            var cells = new object?[record.Fields.Length];
            for (int i = 0; i < cells.Length; i++)
            {
                string field = record.Fields[i];
                Kind kind = i < kinds.Length ? kinds[i] : Kind.General;
                if (field.Length == 0)
                {
                    cells[i] = null;
                }
                else if (kind != Kind.Text && CsvText.TryParseNumber(field, out double v))
                {
                    cells[i] = v;
                }
                else
                {
                    cells[i] = UnguardedText(field);
                }
            }

            totals?.Add(cells);
            yield return cells;
        }
    }

    /// <summary>The text without the apostrophe a CSV writer puts before a formula-like text (a string cell is never evaluated).</summary>
    internal static string UnguardedText(string field) =>
        !CsvText.RawText && field.Length > 1 && field[0] == '\'' && CsvText.StartsLikeFormula(field.AsSpan(1)) ? field[1..] : field;

    private static Kind KindOf(string column)
    {
        if (column.Equals("id", StringComparison.OrdinalIgnoreCase) || column.EndsWith("_id", StringComparison.OrdinalIgnoreCase) || s_text.Contains(column)
            || column.EndsWith("date", StringComparison.OrdinalIgnoreCase))
        {
            return Kind.Text;
        }

        return s_counts.Contains(column) ? Kind.Count
            : s_percent.Contains(column) ? Kind.Percent
            : s_additive.Contains(column) || s_amounts.Contains(column) ? Kind.Amount
            : Kind.General;
    }

    /// <summary>Writes a sheet: frozen header, autofilter over header and rows, the rows, then the totals row if any; returns the rows written.</summary>
    private static long WriteRows(Stream part, string[] header, IEnumerable<object?[]> rows, Kind[] kinds, Totals? totals)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        if (header.Length > 0)
        {
            writer.WriteStartElement(new SheetViews());
            writer.WriteStartElement(new SheetView { TabSelected = false, WorkbookViewId = 0 });
            writer.WriteElement(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
            writer.WriteElement(new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } });
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteStartElement(new Columns());
            for (int c = 0; c < header.Length; c++)
            {
                double width = Math.Clamp(header[c].Length + 3, 10, 40);
                writer.WriteElement(new Column { Min = (uint)c + 1, Max = (uint)c + 1, Width = width, CustomWidth = true });
            }

            writer.WriteEndElement();
        }

        writer.WriteStartElement(new SheetData());
        long r = 0;
        if (header.Length > 0)
        {
            WriteRow(writer, ++r, header.Select(h => (object?)h).ToArray(), null, bold: true);
        }

        foreach (var row in rows)
        {
            WriteRow(writer, ++r, row, kinds, bold: false);
        }

        long dataEnd = r;
        if (totals is not null)
        {
            WriteRow(writer, ++r, totals.Row(), kinds, bold: true);
        }

        writer.WriteEndElement(); // sheetData
        if (header.Length > 0)
        {
            writer.WriteElement(new AutoFilter { Reference = $"A1:{ColumnName(header.Length)}{Math.Max(dataEnd, 1)}" });
        }

        writer.WriteEndElement(); // worksheet
        return r;
    }

    private static void WriteRow(OpenXmlWriter writer, long r, object?[] cells, Kind[]? kinds, bool bold)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)r });
        for (int c = 0; c < cells.Length; c++)
        {
            string reference = ColumnName(c + 1) + r.ToString(CultureInfo.InvariantCulture);
            Kind kind = kinds is not null && c < kinds.Length ? kinds[c] : Kind.General;
            switch (cells[c])
            {
                case null:
                    if (bold)
                    {
                        writer.WriteElement(new Cell { CellReference = reference, StyleIndex = kinds is null ? StyleHeader : StyleTotalText });
                    }

                    break;
                case double v:
                    uint style = kind switch { Kind.Count => StyleCount, Kind.Amount => StyleAmount, Kind.Percent => StylePercent, _ => 0 };
                    style = bold ? (style == 0 ? StyleTotalText : style + BoldOffset) : style;
                    var number = new Cell { CellReference = reference, CellValue = new CellValue(CsvText.Number(v)) };
                    if (style != 0)
                    {
                        number.StyleIndex = style;
                    }

                    writer.WriteElement(number);
                    break;
                case string s:
                    var text = new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(XmlSafe(s)) { Space = SpaceProcessingModeValues.Preserve }) };
                    if (bold)
                    {
                        text.StyleIndex = kinds is null ? StyleHeader : StyleTotalText;
                    }

                    writer.WriteElement(text);
                    break;
            }
        }

        writer.WriteEndElement();
    }

    /// <summary>Characters XML cannot carry (control characters) written as the <c>_xHHHH_</c> escape of ECMA-376 Part 1, 22.9.2.19.</summary>
    private static string XmlSafe(string s)
    {
        if (s.All(XmlConvert.IsXmlChar))
        {
            return s;
        }

        var b = new System.Text.StringBuilder(s.Length + 8);
        for (int i = 0; i < s.Length; i++)
        {
            if (XmlConvert.IsXmlChar(s[i]))
            {
                b.Append(s[i]);
            }
            else if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], s[i]))
            {
                b.Append(s[i]).Append(s[++i]);
            }
            else
            {
                b.Append(CultureInfo.InvariantCulture, $"_x{(int)s[i]:X4}_");
            }
        }

        return b.ToString();
    }

    /// <summary>The column letters of a 1-based column number (1 = A, 27 = AA).</summary>
    internal static string ColumnName(int column)
    {
        string name = "";
        for (int n = column; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>Styles: built-in number formats 3 (#,##0), 4 (#,##0.00), 10 (0.00%); bold for header and totals.</summary>
    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(), // 0 general
            new CellFormat { NumberFormatId = 3, ApplyNumberFormat = true }, // 1 count
            new CellFormat { NumberFormatId = 4, ApplyNumberFormat = true }, // 2 amount
            new CellFormat { NumberFormatId = 10, ApplyNumberFormat = true }, // 3 percent
            new CellFormat { FontId = 1, ApplyFont = true }, // 4 header
            new CellFormat { FontId = 1, ApplyFont = true }, // 5 totals: text and general
            new CellFormat { NumberFormatId = 3, FontId = 1, ApplyNumberFormat = true, ApplyFont = true }, // 6 totals: count
            new CellFormat { NumberFormatId = 4, FontId = 1, ApplyNumberFormat = true, ApplyFont = true }, // 7 totals: amount
            new CellFormat { NumberFormatId = 10, FontId = 1, ApplyNumberFormat = true, ApplyFont = true }) // 8 totals: percent
        { Count = 9 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    /// <summary>The totals row of a group table: sums of additive columns (plain sums in row order; empty when a cell is
    /// empty), ratios recomputed from the summed parts, "Total" in the first column, other cells empty.</summary>
    private sealed class Totals
    {
        private readonly string[] _columns;
        private readonly double[] _sums;
        private readonly bool[] _additive;

        public Totals(string[] columns, Kind[] kinds)
        {
            _columns = columns;
            _sums = new double[columns.Length];
            _additive = columns.Select((c, i) => kinds[i] != Kind.Text && s_additive.Contains(c)).ToArray();
        }

        public void Add(object?[] cells)
        {
            for (int i = 0; i < _sums.Length; i++)
            {
                if (_additive[i])
                {
                    _sums[i] += i < cells.Length && cells[i] is double v ? v : double.NaN; // an empty or text cell: no total
                }
            }
        }

        public object?[] Row()
        {
            var row = new object?[_columns.Length];
            for (int i = 0; i < row.Length; i++)
            {
                double total = _additive[i] ? _sums[i] : Ratio(_columns[i]);
                row[i] = double.IsFinite(total) ? total : null;
            }

            row[0] ??= "Total";
            return row;
        }

        private double Ratio(string column) => column.ToLowerInvariant() switch
        {
            "raroc" => Quotient("return", "ec"),
            "coverage" => Index("ecl") >= 0 ? Quotient("ecl", "exposure") : Quotient("provision", "exposure"),
            _ => double.NaN,
        };

        private double Quotient(string numerator, string denominator)
        {
            int n = Index(numerator), d = Index(denominator);
            return n >= 0 && d >= 0 && _additive[n] && _additive[d] && _sums[d] != 0 ? _sums[n] / _sums[d] : double.NaN;
        }

        private int Index(string column) => Array.FindIndex(_columns, c => c.Equals(column, StringComparison.OrdinalIgnoreCase));
    }
}
