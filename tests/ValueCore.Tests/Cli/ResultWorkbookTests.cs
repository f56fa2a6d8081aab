using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using FluentAssertions;
using ValueCore.Batch;
using Xunit;

namespace ValueCore.Tests.Cli;

/// <summary>
/// <c>--xlsx</c>: results.xlsx read back with an independent reader (the zip opened with System.IO.Compression, the
/// sheet XML parsed with XDocument) and every cell compared with the CSV file the run wrote beside it.
/// </summary>
public sealed class ResultWorkbookTests
{
    private static readonly XNamespace S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace P = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>The columns a group table's totals row sums (the test's own list, from the CSV columns' meaning).</summary>
    private static readonly string[] s_sums =
        ["loans", "ead", "el", "ec", "rwa", "revenue", "return", "eva", "exposure", "ecl_stage1", "ecl_stage2", "ecl_stage3", "ecl", "mc_ec", "mc_es_contribution"];

    public static TheoryData<string, string[]> Commands => new()
    {
        { "raroc", ["raroc", "--book", Sample("loanbook.csv"), "--by", "segment", "--by", "segment,asset_class"] },
        { "provision-ecl", ["provision", "ecl", "--book", Sample("provisions-book.csv"), "--matrix", Sample("five-tier-matrix.csv"), "--default-states", "substandard,doubtful,loss"] },
        { "scenario", ["scenario", "--book", Sample("loanbook.csv"), "--scenarios", Sample("scenarios.yaml"), "--measures", "raroc,capital", "--mc-scenarios", "2000", "--no-loans"] },
        { "impair", ["impair", "--loans", Sample("impairment-loans.csv"), "--cashflows", Sample("impairment-cashflows.csv"), "--roll-forward", "2025-12-31,2026-12-31"] },
        { "market-risk", ["market-risk", "--pnl", Sample("risk/pnl.csv")] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Xlsx_EveryCommand_EveryCellEqualsItsCsvAndTheWorkbookIsListed(string name, string[] args)
    {
        using var temp = new TempFolder();
        string outDir = temp.Combine(name);
        var (code, _, error) = CliRunner.Run([.. args, "--out", outDir, "--xlsx"]);
        code.Should().Be(0, error);
        string xlsx = Path.Combine(outDir, "results.xlsx");
        File.ReadAllText(Path.Combine(outDir, "manifest.json")).Should().Contain("\"results.xlsx\"");

        var book = Workbook.Read(xlsx);
        book.HasFormula.Should().BeFalse("cells hold values, never formulas");
        var listed = book.Sheets["parameters"].Rows.Skip(1).Where(r => Text(r, 0) == "sheet").ToList();
        var csvs = Directory.EnumerateFiles(outDir, "*.csv", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(outDir, f).Replace('\\', '/')).Where(f => f != "rejected.csv").Order(StringComparer.Ordinal).ToList();
        listed.Select(r => Text(r, 2)!.Split(':')[0]).Should().Equal(csvs, "one sheet per CSV table");
        foreach (var row in listed)
        {
            string sheetName = Text(row, 1)!, file = Text(row, 2)!.Split(':')[0];
            var sheet = book.Sheets[sheetName];
            var lines = File.ReadAllLines(Path.Combine(outDir, file)).Select(CsvLine.Fields).ToList();
            bool group = Path.GetFileName(file).StartsWith("by_", StringComparison.Ordinal);
            sheet.Rows.Count.Should().Be(lines.Count + (group ? 1 : 0), file);
            for (int r = 0; r < lines.Count; r++)
            {
                for (int c = 0; c < lines[r].Length; c++)
                {
                    AssertCell(sheet.Rows[r], c, lines[r][c], $"{file} line {r + 1} column {c + 1}");
                }
            }

            sheet.FrozenRows.Should().Be(1, file);
            sheet.AutoFilter.Should().Be($"A1:{Column(lines[0].Length)}{lines.Count}", file);
            if (group)
            {
                AssertTotals(sheet.Rows[^1], lines, file);
            }
        }

        // Identical runs (same options, so the same parameters sheet) write identical bytes; the manifest alone carries a time.
        var first = File.ReadAllBytes(xlsx);
        CliRunner.Run([.. args, "--out", outDir, "--xlsx"]).Code.Should().Be(0);
        File.ReadAllBytes(xlsx).Should().Equal(first);
    }

    [Fact]
    public void Xlsx_FormulaLikeLoanId_IsAStringCellNotAFormula()
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(Sample("loanbook.csv")).Take(3).ToArray();
        int comma = lines[1].IndexOf(',', StringComparison.Ordinal);
        lines[1] = "\"=HYPERLINK(\"\"http://x\"\")\"" + lines[1][comma..];
        string bookPath = temp.File("book.csv", string.Join('\n', lines) + "\n");
        string outDir = temp.Combine("out");
        CliRunner.Run("raroc", "--book", bookPath, "--out", outDir, "--xlsx").Code.Should().Be(0);

        File.ReadAllLines(Path.Combine(outDir, "loans.csv"))[1].Should().StartWith("\"'=HYPERLINK(", "the CSV guards the text with an apostrophe");
        var book = Workbook.Read(Path.Combine(outDir, "results.xlsx"));
        book.HasFormula.Should().BeFalse();
        var cell = book.Sheets["loans"].Rows[1][0]!;
        cell.Type.Should().Be("inlineStr");
        cell.Text.Should().Be("=HYPERLINK(\"http://x\")", "a string cell is never evaluated, so the id is kept as read");
    }

    [Fact]
    public void Write_TableAboveTheRowLimit_IsLeftOutWithAWarningAndANote()
    {
        using var temp = new TempFolder();
        string loans = temp.File("loans.csv", "loan_id,ead\n" + string.Concat(Enumerable.Range(1, 5).Select(i => $"L{i},{i}\n")));
        string groups = temp.File("by_segment.csv", "segment,loans,ead\na,2,3\nb,3,12\n");
        var warnings = new List<string>();
        var request = new WorkbookRequest("valuecore raroc", [KeyValuePair.Create("book", "x.csv")], warnings.Add) { RowLimit = 5 };
        string xlsx = temp.Combine("results.xlsx");
        using (var stream = File.Create(xlsx))
        {
            ResultWorkbook.Write(stream, [("by_segment.csv", groups), ("loans.csv", loans)], request);
        }

        // loans: header + 5 rows = 6 > 5; by_segment: header + 2 rows + totals = 4 <= 5.
        var book = Workbook.Read(xlsx);
        book.Sheets.Keys.Should().BeEquivalentTo(["by_segment", "parameters"]);
        warnings.Should().ContainSingle().Which.Should().Contain("loans.csv has 5 rows");
        var notes = book.Sheets["parameters"].Rows.Where(r => Text(r, 0) == "left out").ToList();
        notes.Should().ContainSingle();
        Text(notes[0], 1).Should().Be("loans.csv");
        book.Sheets["parameters"].Rows.Should().Contain(r => Text(r, 0) == "parameter" && Text(r, 1) == "book" && Text(r, 2) == "x.csv");
        var totals = book.Sheets["by_segment"].Rows[^1];
        Text(totals, 0).Should().Be("Total");
        totals[1]!.Number.Should().Be(5);
        totals[2]!.Number.Should().Be(15);
    }

    [Fact]
    public void Help_EveryCommandButVersion_TakesQuietAndEveryFolderCommandXlsx()
    {
        foreach (var command in ValueCore.Cli.Commands.CommandTable.All)
        {
            var (code, output, _) = CliRunner.Run([.. command.Name.Split(' '), "--help"]);
            code.Should().Be(0);
            output.Contains("--quiet", StringComparison.Ordinal).Should().Be(command.Name != "version", command.Name);
            bool folder = command.Options.Any(o => o.Name == "out" && o.ValueName == "DIR");
            output.Contains("--xlsx", StringComparison.Ordinal).Should().Be(folder, command.Name);
        }
    }

    private static void AssertCell(Cell?[] row, int c, string field, string where)
    {
        var cell = c < row.Length ? row[c] : null;
        if (field.Length == 0)
        {
            cell.Should().BeNull(where);
        }
        else if (cell!.Type is null or "n")
        {
            double.Parse(field, CultureInfo.InvariantCulture).Should().Be(cell.Number, where);
        }
        else
        {
            cell.Type.Should().Be("inlineStr", where);
            string expected = field.Length > 1 && field[0] == '\'' && field[1] is '=' or '+' or '-' or '@' ? field[1..] : field;
            cell.Text.Should().Be(expected, where);
        }
    }

    private static void AssertTotals(Cell?[] totals, List<string[]> lines, string file)
    {
        var header = lines[0];
        Text(totals, 0).Should().Be("Total", file);
        double Sum(string column)
        {
            int i = Array.IndexOf(header, column);
            return lines.Skip(1).Sum(l => double.Parse(l[i], CultureInfo.InvariantCulture));
        }

        foreach (var column in s_sums.Where(header.Contains))
        {
            totals[Array.IndexOf(header, column)]!.Number.Should().Be(Sum(column), $"{file}: the total of {column} is the column's sum");
        }

        if (header.Contains("raroc"))
        {
            totals[Array.IndexOf(header, "raroc")]!.Number.Should().Be(Sum("return") / Sum("ec"), $"{file}: RAROC of the total is total return / total EC");
        }

        if (header.Contains("coverage") && header.Contains("ecl"))
        {
            totals[Array.IndexOf(header, "coverage")]!.Number.Should().Be(Sum("ecl") / Sum("exposure"), $"{file}: coverage of the total is total ECL / total exposure");
        }
    }

    private static string? Text(Cell?[] row, int c) => c < row.Length ? row[c]?.Text : null;

    private static string Column(int n) => n <= 26 ? ((char)('A' + n - 1)).ToString() : Column((n - 1) / 26) + (char)('A' + ((n - 1) % 26));

    private static string Sample(string name, [CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "..", "samples", name));

    private sealed record Cell(string? Type, string? Text, double Number);

    private sealed record Sheet(List<Cell?[]> Rows, int FrozenRows, string? AutoFilter);

    /// <summary>An independent xlsx reader: the workbook's sheets by name, each as rows of cells from the sheet XML.</summary>
    private sealed record Workbook(Dictionary<string, Sheet> Sheets, bool HasFormula)
    {
        public static Workbook Read(string path)
        {
            using var zip = ZipFile.OpenRead(path);
            XDocument Part(string name)
            {
                using var s = zip.GetEntry(name)!.Open();
                return XDocument.Load(s);
            }

            var targets = Part("xl/_rels/workbook.xml.rels").Root!.Elements(P + "Relationship").ToDictionary(e => (string)e.Attribute("Id")!, e => (string)e.Attribute("Target")!);
            var sheets = new Dictionary<string, Sheet>(StringComparer.Ordinal);
            bool formula = false;
            foreach (var s in Part("xl/workbook.xml").Root!.Element(S + "sheets")!.Elements(S + "sheet"))
            {
                var doc = Part("xl/" + targets[(string)s.Attribute(R + "id")!]);
                formula |= doc.Descendants(S + "f").Any();
                var rows = new List<Cell?[]>();
                foreach (var row in doc.Descendants(S + "row"))
                {
                    int index = int.Parse((string)row.Attribute("r")!, CultureInfo.InvariantCulture);
                    while (rows.Count < index - 1)
                    {
                        rows.Add([]);
                    }

                    var cells = new List<Cell?>();
                    foreach (var c in row.Elements(S + "c"))
                    {
                        string reference = (string)c.Attribute("r")!;
                        int col = reference.TakeWhile(char.IsLetter).Aggregate(0, (n, ch) => (n * 26) + ch - 'A' + 1);
                        while (cells.Count < col - 1)
                        {
                            cells.Add(null);
                        }

                        string? type = (string?)c.Attribute("t");
                        var v = c.Element(S + "v");
                        var t = c.Element(S + "is")?.Element(S + "t");
                        type.Should().NotBe("s", "the writer uses inline strings, not a shared-string table");
                        cells.Add(t is null && v is null ? null
                            : type == "inlineStr" ? new Cell(type, t!.Value, double.NaN)
                            : new Cell(type, null, double.Parse(v!.Value, CultureInfo.InvariantCulture)));
                    }

                    rows.Add([.. cells]);
                }

                var pane = doc.Descendants(S + "pane").FirstOrDefault();
                int frozen = pane is not null && (string?)pane.Attribute("state") == "frozen" ? (int)(double)pane.Attribute("ySplit")! : 0;
                sheets[(string)s.Attribute("name")!] = new Sheet(rows, frozen, (string?)doc.Descendants(S + "autoFilter").FirstOrDefault()?.Attribute("ref"));
            }

            return new Workbook(sheets, formula);
        }
    }
}
