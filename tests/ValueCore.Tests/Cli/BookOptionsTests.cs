using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ValueCore.Cli;
using ValueCore.IO;
using ValueCore.Portfolio;

namespace ValueCore.Tests.Cli;

/// <summary>
/// The book options defined once (issue 16 item 4): every book-reading command reads the same book renamed and coded
/// through <c>--map</c>, with upper-case headers, and as a semicolon/decimal-comma file, and writes the same results as
/// for the plain file (the expected values are the command's own outputs for the plain book); nothing valued exits 3;
/// <c>--pd-percent</c>; the renamed options; help for command families; the console number formatter.
/// </summary>
public sealed class BookOptionsTests : IDisposable
{
    private const int Rows = 200;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Each book-reading command: its arguments after the book and output (samples/ paths resolved), and whether it reads the provisions book.</summary>
    public static TheoryData<string> Commands => new() { "raroc", "capital", "scenario", "price", "provision ecl", "provision migration" };

    private static string[] CommandArgs(string command) => command switch
    {
        "raroc" => ["raroc", "--threads", "1"],
        "capital" => ["capital", "--mc-scenarios", "2000", "--seed", "7", "--threads", "1"],
        "scenario" => ["scenario", "--scenarios", Sample("scenarios.yaml"), "--no-loans", "--threads", "1"],
        "price" => ["price"],
        "provision ecl" => ["provision", "ecl", "--matrix", Sample("five-tier-matrix.csv"), "--default-states", "substandard,doubtful,loss", "--threads", "1"],
        "provision migration" => ["provision", "migration", "--matrix", Sample("five-tier-matrix.csv"), "--default-states", "substandard,doubtful,loss", "--threads", "1"],
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    private static bool ReadsProvisionsBook(string command) => command.StartsWith("provision", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Commands))]
    public void BookReadingCommand_MappedColumnsAndCodes_WritesTheSameResults(string command)
    {
        var plain = PlainBook(command);
        // Renamed headers and coded asset classes, undone by one map file that also names columns the command does not use.
        var codes = new Dictionary<string, string>
        {
            ["corporate"] = "CORP", ["sovereign"] = "SOV", ["bank"] = "BNK", ["sme"] = "SME",
            ["retail_mortgage"] = "MORT", ["retail_revolving"] = "QRRE", ["retail_other"] = "ROTH",
        };
        var renamed = new Dictionary<string, string> { ["loan_id"] = "ID", ["ead"] = "EXPOSURE_AMT", ["pd"] = "PD_1Y", ["asset_class"] = "BASEL_CLASS", ["lgd"] = "LGD_DT" };
        var lines = plain.ToArray();
        var header = lines[0].Split(',');
        int ac = Array.IndexOf(header, "asset_class");
        lines[0] = string.Join(',', header.Select(h => renamed.GetValueOrDefault(h, h)));
        for (int i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            f[ac] = codes[f[ac]];
            lines[i] = string.Join(',', f);
        }

        string map = _temp.File("map.json", """
            {
              "columns": { "loan_id": "ID", "ead": "EXPOSURE_AMT", "pd": "PD_1Y", "asset_class": "BASEL_CLASS", "lgd": "LGD_DT", "stage": "stage", "eir": "eir" },
              "values": { "asset_class": { "CORP": "corporate", "SOV": "sovereign", "BNK": "bank", "SME": "sme", "MORT": "retail_mortgage", "QRRE": "retail_revolving", "ROTH": "retail_other" } }
            }
            """);
        AssertSameResults(command, plain, lines, ["--map", map]);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void BookReadingCommand_UpperCaseHeaders_WritesTheSameResults(string command)
    {
        var plain = PlainBook(command);
        var lines = plain.ToArray();
        lines[0] = lines[0].ToUpperInvariant();
        AssertSameResults(command, plain, lines, []);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void BookReadingCommand_SemicolonAndDecimalComma_WritesTheSameResults(string command)
    {
        var plain = PlainBook(command);
        var lines = plain.Select(l => l.Replace(',', ';').Replace('.', ',')).ToArray();
        AssertSameResults(command, plain, lines, ["--delimiter", ";", "--decimal", ","]);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void BookReadingCommand_EveryRowRejectedWithSkipInvalid_Exits3SayingNothingWasValued(string command)
    {
        var lines = PlainBook(command).ToArray();
        int pd = Array.IndexOf(lines[0].Split(','), "pd");
        for (int i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            f[pd] = "7"; // outside (0, 1]
            lines[i] = string.Join(',', f);
        }

        string book = Write("bad", lines);
        string[] args = [.. CommandArgs(command), "--book", book, "--out", _temp.Combine("bad-out"), "--skip-invalid"];
        var (code, _, error) = CliRunner.Run(args);
        if (command is "capital" or "scenario")
        {
            // These value the whole book (no --skip-invalid yet): refused as a usage error.
            code.Should().Be(ExitCodes.Usage, error);
            error.Should().Contain("--skip-invalid");
            return;
        }

        code.Should().Be(ExitCodes.InvalidInput, error);
        error.Should().Contain("was valued");
    }

    [Theory]
    [InlineData("raroc")]
    [InlineData("capital")]
    [InlineData("price")]
    public void PdPercent_BookInPercent_WritesTheSameResultsAsTheBookInFractions(string command)
    {
        // Percentages exact in binary (k / 8) divide by 100 to the very double the fraction's text parses to
        // (one correctly rounded operation on exact operands), so the results are bit-identical.
        string[] percent = ["0.25", "0.5", "1", "2", "2.5", "5", "12.5", "50"];
        string[] fraction = ["0.0025", "0.005", "0.01", "0.02", "0.025", "0.05", "0.125", "0.5"];
        var plain = WithPd(PlainBook(command), fraction);
        var inPercent = WithPd(PlainBook(command), percent);
        AssertSameResults(command, plain, inPercent, ["--pd-percent"]);
    }

    [Fact]
    public void PdPercent_BookWhosePdsLookLikePercent_WarnsNamingTheOption()
    {
        // Every PD 0.5: valid fractions, but a median of 50% is what a book written in percent (0.5 = 0.5%) shows.
        string book = Write("pct", WithPd(PlainBook("capital"), ["0.5"]));
        var (code, _, error) = CliRunner.Run([.. CommandArgs("capital"), "--book", book, "--out", _temp.Combine("pct-out")]);
        code.Should().Be(ExitCodes.Success, error);
        error.Should().Contain("warning").And.Contain("--pd-percent");

        var (rarocCode, _, rarocError) = CliRunner.Run("raroc", "--book", book, "--out", _temp.Combine("pct-raroc"));
        rarocCode.Should().Be(ExitCodes.Success, rarocError);
        rarocError.Should().Contain("warning").And.Contain("--pd-percent");
    }

    [Fact]
    public void PdPercent_PlainBook_NoWarning()
    {
        string book = Write("plain", PlainBook("raroc"));
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", _temp.Combine("plain-out"));
        code.Should().Be(ExitCodes.Success, error);
        error.Should().NotContain("warning");
    }

    [Fact]
    public void Map_KeyThatIsNoLoanBookColumn_Exits3NamingIt()
    {
        string book = Write("book", PlainBook("raroc"));
        string map = _temp.File("bad-map.json", """{"columns": {"exposure": "EAD"}}""");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--map", map, "--out", _temp.Combine("o"));
        code.Should().Be(ExitCodes.InvalidInput, error);
        error.Should().Contain("exposure").And.Contain("is not a loan-book column");
    }

    [Fact]
    public void Map_ValueMappedToAnUnknownAssetClass_Exits3()
    {
        string book = Write("book", PlainBook("raroc"));
        string map = _temp.File("bad-values.json", """{"values": {"asset_class": {"CORP": "corporates"}}}""");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--map", map, "--out", _temp.Combine("o"));
        code.Should().Be(ExitCodes.InvalidInput, error);
        error.Should().Contain("corporates").And.Contain("is not a value of asset_class");
    }

    [Fact]
    public void Map_FlatFormAsBefore_StillReads()
    {
        var lines = PlainBook("raroc").ToArray();
        lines[0] = lines[0].Replace("ead", "EXPOSURE_AMT", StringComparison.Ordinal);
        AssertSameResults("raroc", PlainBook("raroc"), lines, ["--map", _temp.File("flat.json", """{"ead": "EXPOSURE_AMT"}""")]);
    }

    [Theory]
    [InlineData("--tax-rate", "0.3", "--tax")]
    [InlineData("--scenarios", "20000", "--mc-scenarios 20000")]
    public void Capital_OldOptionName_Exits2NamingTheNewOne(string option, string value, string expected)
    {
        string book = Write("book", PlainBook("capital"));
        var (code, _, error) = CliRunner.Run("capital", "--book", book, "--out", _temp.Combine("o"), option, value);
        code.Should().Be(ExitCodes.Usage, error);
        error.Should().Contain(expected);
    }

    [Fact]
    public void Capital_TaxAndRepeatedBy_TaxInManifestAndOneByFilePerGrouping()
    {
        string book = Write("book", PlainBook("capital"));
        string output = _temp.Combine("o");
        var (code, _, error) = CliRunner.Run([.. CommandArgs("capital"), "--book", book, "--out", output, "--tax", "0.3", "--by", "segment", "--by", "segment,product"]);
        code.Should().Be(ExitCodes.Success, error);
        File.Exists(Path.Combine(output, "by_segment.csv")).Should().BeTrue();
        File.Exists(Path.Combine(output, "by_segment_product.csv")).Should().BeTrue();
        File.ReadAllText(Path.Combine(output, "manifest.json")).Should().Contain("\"tax_rate\": 0.3");
    }

    [Theory]
    [InlineData("raroc")]
    [InlineData("scenario")]
    public void Out_NotGiven_Exits2(string command)
    {
        string book = Write("book", PlainBook("raroc"));
        var (code, _, error) = CliRunner.Run([.. CommandArgs(command), "--book", book]);
        code.Should().Be(ExitCodes.Usage, error);
        error.Should().Contain("--out");
    }

    [Theory]
    [InlineData("migration", "migration estimate", "migration project")]
    [InlineData("provision", "provision ecl", "provision migration")]
    [InlineData("impair", "impair eir", "Allowance of individually impaired loans")]
    public void Help_Family_ListsItsSubcommandsWithSummaries(string family, string first, string second)
    {
        foreach (string[] args in new[] { new[] { family, "--help" }, new[] { "help", family } })
        {
            var (code, output, error) = CliRunner.Run(args);
            code.Should().Be(ExitCodes.Success, error);
            output.Should().Contain(first).And.Contain(second);
        }
    }

    [Theory]
    [InlineData("raroc", "--book")]
    [InlineData("capital", "--mc-scenarios")]
    [InlineData("version", "version")]
    public void Help_Command_PrintsItsOwnHelp(string command, string expected)
    {
        var (code, output, error) = CliRunner.Run("help", command);
        code.Should().Be(ExitCodes.Success, error);
        output.Should().Contain($"valuecore {command}:").And.Contain(expected);
        var (again, same, _) = CliRunner.Run(command, "--help");
        again.Should().Be(ExitCodes.Success);
        same.Should().Be(output);
    }

    [Theory]
    [InlineData(1.17933e10, "11,793,300,000")]
    [InlineData(-1234.6, "-1,235")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "n/a")]
    public void ConsoleNumbers_Amount_ThousandsSeparatorsWholeUnitsNeverAnExponent(double value, string expected) =>
        ConsoleNumbers.Amount(value).Should().Be(expected);

    [Theory]
    [InlineData(0.1234, "12.34 %")]
    [InlineData(-0.005, "-0.50 %")]
    [InlineData(null, "n/a")]
    public void ConsoleNumbers_Rate_PercentWithTwoDecimals(double? value, string expected) =>
        ConsoleNumbers.Rate(value).Should().Be(expected);

    [Fact]
    public void ConsoleNumbers_UnderGermanCulture_StillInvariant()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            ConsoleNumbers.Amount(1234567.4).Should().Be("1,234,567");
            ConsoleNumbers.Count(1234567).Should().Be("1,234,567");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Capital_ConsoleSummary_NoExponentAndThousandsSeparators()
    {
        string book = Write("book", PlainBook("capital"));
        var (code, output, error) = CliRunner.Run([.. CommandArgs("capital"), "--book", book, "--out", _temp.Combine("o")]);
        code.Should().Be(ExitCodes.Success, error);
        output.Should().NotContainAny("E+", "E-");
        output.Should().MatchRegex(@"EC \d{1,3}(,\d{3})+");
    }

    [Theory]
    [InlineData(new[] { 0.01, 0.5, 0.9 }, true)] // two of three above 0.2: median 0.5
    [InlineData(new[] { 0.01, 0.5 }, false)] // exactly half is not more than half
    [InlineData(new[] { 0.2, 0.2, 0.2 }, false)] // 0.2 itself is not above
    [InlineData(new double[0], false)] // empty book
    public void PdScale_LooksLikePercent_MoreThanHalfAbovePointTwo(double[] pd, bool expected)
    {
        PdScale.LooksLikePercent(pd).Should().Be(expected);
        PdScale.LooksLikePercent(pd.Length, pd.Count(p => p > 0.2)).Should().Be(expected);
    }

    [Fact]
    public void PdScale_LooksLikePercent_AboveBeyondCount_Throws() =>
        FluentActions.Invoking(() => PdScale.LooksLikePercent(2, 3)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void ReadLoanBookMap_ColumnsAndValues_ReadIntoTheOptionsAndTheInMemoryBookDecodesThem()
    {
        // The library call the CLI makes: the in-memory book read with the map equals the plain book, classification
        // codes decoded ("1" -> pass), asset classes decoded, and a provisioning column name accepted and unused.
        var plain = PlainBook("raroc");
        var lines = plain.ToArray();
        var header = lines[0].Split(',');
        int cls = Array.IndexOf(header, "classification"), ac = Array.IndexOf(header, "asset_class");
        lines[0] = lines[0].Replace("classification", "GRADE", StringComparison.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            f[cls] = f[cls] == "pass" ? "1" : f[cls];
            f[ac] = f[ac] == "retail_revolving" ? "QRRE" : f[ac];
            lines[i] = string.Join(',', f);
        }

        string map = _temp.File("map.json", """
            { "columns": { "classification": "GRADE", "dpd": "DAYS_PAST_DUE" },
              "values": { "classification": { "1": "pass" }, "asset_class": { "QRRE": "retail_revolving" } } }
            """);
        var options = ParameterFiles.ReadLoanBookMap(map);
        options.ColumnMap.Should().BeEquivalentTo(new Dictionary<string, string> { ["classification"] = "GRADE", ["dpd"] = "DAYS_PAST_DUE" });
        options.ValueMap["asset_class"]["QRRE"].Should().Be("retail_revolving");

        var expected = LoanBookCsv.Read(Write("plain-lib", plain));
        var book = LoanBookCsv.Read(Write("coded-lib", lines), options);
        book.Classification.ToArray().Should().Equal(expected.Classification.ToArray());
        book.AssetClass.ToArray().Should().Equal(expected.AssetClass.ToArray());
        book.Classification.ToArray().Should().Contain("pass");
    }

    [Fact]
    public void ReadLoanBookMap_MixedForms_IsAnErrorNamingTheLine()
    {
        string map = _temp.File("mixed.json", "{\n \"ead\": \"E\",\n \"values\": {}\n}");
        FluentActions.Invoking(() => ParameterFiles.ReadLoanBookMap(map)).Should().Throw<DataValidationException>()
            .Which.Issues[0].Line.Should().Be(3);
    }

    private void AssertSameResults(string command, IReadOnlyList<string> plainLines, IReadOnlyList<string> variantLines, string[] variantOptions)
    {
        // The same file name in two folders, so that messages and summaries naming the book agree.
        string plainBook = Write("plain", plainLines);
        string variantBook = Write("variant", variantLines);
        string plainOut = _temp.Combine("plain-out-" + command.Replace(' ', '-'));
        string variantOut = _temp.Combine("variant-out-" + command.Replace(' ', '-'));
        var (code, _, error) = CliRunner.Run([.. CommandArgs(command), "--book", plainBook, "--out", plainOut]);
        code.Should().Be(ExitCodes.Success, error);
        var (variantCode, _, variantError) = CliRunner.Run([.. CommandArgs(command), "--book", variantBook, "--out", variantOut, .. variantOptions]);
        variantCode.Should().Be(ExitCodes.Success, variantError);

        var files = Directory.GetFiles(plainOut, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(plainOut, f))
            .Where(f => Path.GetFileName(f) != "manifest.json") // inputs' hashes and options differ by design
            .ToList();
        files.Should().NotBeEmpty();
        foreach (string file in files)
        {
            string other = Path.Combine(variantOut, file);
            File.Exists(other).Should().BeTrue(file);
            File.ReadAllText(other).Should().Be(File.ReadAllText(Path.Combine(plainOut, file)), file);
        }
    }

    private string Write(string folder, IReadOnlyList<string> lines)
    {
        Directory.CreateDirectory(_temp.Combine(folder));
        string path = _temp.Combine(folder, "book.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    private static string[] WithPd(IReadOnlyList<string> lines, string[] values)
    {
        // One PD per customer (an obligor defaults once), cycling through the values in order of first appearance.
        var result = lines.ToArray();
        var header = result[0].Split(',');
        int pd = Array.IndexOf(header, "pd"), customer = Array.IndexOf(header, "customer_id");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 1; i < result.Length; i++)
        {
            var f = result[i].Split(',');
            if (!seen.TryGetValue(f[customer], out int k))
            {
                seen[f[customer]] = k = seen.Count;
            }

            f[pd] = values[k % values.Length];
            result[i] = string.Join(',', f);
        }

        return result;
    }

    private static string[] PlainBook(string command) =>
        [.. File.ReadLines(Sample(ReadsProvisionsBook(command) ? "provisions-book.csv" : "loanbook.csv")).Take(Rows + 1)];

    private static string Sample(string name) => Path.Combine(Root(), "samples", name);

    private static string Root([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
