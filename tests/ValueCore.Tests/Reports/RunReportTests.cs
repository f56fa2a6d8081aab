using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Reports;

/// <summary>
/// <c>--report</c> on every command that writes an output folder: the report is parsed with an HTML parser
/// (AngleSharp, strict mode: any parse error throws), checked self-contained, and its totals table is compared with the
/// run's own files: the manifest's (or the job's summary JSON's) totals after rounding to the decimals shown, and,
/// independently, sums over the per-loan CSV computed here. The footer's SHA-256 of every input equals a hash computed
/// here of the sample file.
/// </summary>
public sealed class RunReportTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The CI smoke runs (as <see cref="SmokeOutputTests"/>), each with the file that holds its totals (null: none).</summary>
    public static TheoryData<string, string?> Runs => new()
    {
        { "raroc --book samples/loanbook.csv", "manifest.json#totals" },
        { "capital --book samples/loanbook.csv --mc-scenarios 20000 --seed 7", "summary.json" },
        { "scenario --book samples/loanbook.csv --scenarios samples/scenarios.yaml --measures raroc,capital --mc-scenarios 5000 --no-loans", null },
        { "provision ecl --book samples/provisions-book.csv --matrix samples/five-tier-matrix.csv --default-states substandard,doubtful,loss", "manifest.json#totals" },
        { "provision migration --book samples/provisions-book.csv --matrix samples/five-tier-matrix.csv --default-states substandard,doubtful,loss", "manifest.json#totals" },
        { "migration estimate --history samples/migration-history.csv --method cohort", null },
        { "impair --loans samples/impairment-loans.csv --cashflows samples/impairment-cashflows.csv --roll-forward 2025-12-31,2026-12-31", null },
        { "impair eir --cashflows samples/impairment-contractual.csv", null },
        { "market-risk --pnl samples/risk/pnl.csv", "market_risk.json" },
        { "op-risk --bi samples/risk/bi.csv --losses samples/risk/losses.csv", "op_risk.json" },
        { "aggregate --capital samples/risk/capital.csv --correlation samples/risk/correlation.csv", "aggregate.json" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Report_SampleRun_IsSelfContainedWellFormedAndHoldsTheRunsTotals(string command, string? totalsSource)
    {
        using var temp = new TempFolder();
        string output = temp.Combine("out");
        var (code, _, error) = Run(command, output, "--report", "--currency", "EUR");
        code.Should().Be(0, error);

        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        var doc = Parse(html);
        AssertSelfContained(html, doc);
        doc.QuerySelector("h1")!.TextContent.Should().Be("valuecore " + string.Join(' ', command.Split(' ').TakeWhile(w => !w.StartsWith("--", StringComparison.Ordinal))));
        doc.QuerySelectorAll("section").Should().NotBeEmpty();

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")))!;
        manifest["files"]!.AsArray().Select(f => (string?)f).Should().Contain("report.html", "the next run into the folder must know the report as this run's");

        // The footer's hashes are the inputs' SHA-256, computed here independently of the manifest.
        var inputs = doc.QuerySelectorAll("table#inputs tbody tr").Select(r => r.Children.Select(c => c.TextContent).ToArray()).ToList();
        inputs.Should().NotBeEmpty();
        foreach (var row in inputs)
        {
            string file = Directory.EnumerateFiles(Path.Combine(Root(), "samples"), Path.GetFileName(row[1]), SearchOption.AllDirectories).Single();
            row[2].Should().Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), $"the footer hashes {row[1]}");
        }

        if (totalsSource is null)
        {
            return;
        }

        var parts = totalsSource.Split('#');
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, parts[0])))!;
        var totals = (parts.Length > 1 ? json[parts[1]] : json)!.AsObject();
        var cells = TotalsCells(doc);
        cells.Should().NotBeEmpty();
        foreach (var (key, text) in cells)
        {
            totals.ContainsKey(key).Should().BeTrue($"the report's total {key} is one of {parts[0]}'s");
            if (totals[key] is null)
            {
                text.Should().Be("n/a");
                continue;
            }

            double value = totals[key]!.GetValue<double>();
            var (shown, decimals, percent) = ParseShown(text);
            double expected = Math.Round(percent ? value * 100 : value, decimals, MidpointRounding.AwayFromZero);
            shown.Should().BeApproximately(expected, 1e-9 * Math.Max(1, Math.Abs(expected)), $"{key} = {text} is {parts[0]}'s {value.ToString("R", Inv)} rounded to the decimals shown");
        }
    }

    [Fact]
    public void Raroc_Report_TotalsEqualSumsOverLoansCsvAndShowTheCurrency()
    {
        using var temp = new TempFolder();
        string output = temp.Combine("out");
        var (code, _, error) = Run("raroc --book samples/loanbook.csv", output, "--report", "--currency", "CHF");
        code.Should().Be(0, error);
        var doc = Parse(File.ReadAllText(Path.Combine(output, "report.html")));
        var cells = TotalsCells(doc).ToDictionary(c => c.Key, c => c.Text);

        var loans = ReadCsv(Path.Combine(output, "loans.csv"));
        double Sum(string column) => loans.Rows.Sum(r => double.Parse(r[loans.Index(column)], Inv));
        foreach (string column in new[] { "ead", "el", "ec", "rwa", "eva", "return" })
        {
            cells[column].Should().EndWith(" CHF", "amounts carry the report's currency");
            var (shown, _, _) = ParseShown(cells[column]);
            shown.Should().BeApproximately(Sum(column), 0.5 + 1e-9 * Sum(column), $"the {column} total is the sum over loans.csv, in whole units");
        }

        ParseShown(cells["loans"]).Value.Should().Be(loans.Rows.Count);
        // RAROC = return / EC of the portfolio (docs/methodology.md), shown in percent with two decimals.
        ParseShown(cells["raroc"]).Value.Should().BeApproximately(100 * Sum("return") / Sum("ec"), 0.005 + 1e-9);
    }

    [Fact]
    public void Raroc_Report_TopTenListsAreTheTenLowestAndHighestEvaOfLoansCsv()
    {
        using var temp = new TempFolder();
        string output = temp.Combine("out");
        var (code, _, error) = Run("raroc --book samples/loanbook.csv", output, "--report");
        code.Should().Be(0, error);
        var doc = Parse(File.ReadAllText(Path.Combine(output, "report.html")));

        var loans = ReadCsv(Path.Combine(output, "loans.csv"));
        var byEva = loans.Rows.Select(r => (Id: r[loans.Index("loan_id")], Eva: double.Parse(r[loans.Index("eva")], Inv))).ToList();
        var lowest = byEva.OrderBy(l => l.Eva).ThenBy(l => l.Id, StringComparer.Ordinal).Take(10).Select(l => l.Id);
        var highest = byEva.OrderByDescending(l => l.Eva).ThenBy(l => l.Id, StringComparer.Ordinal).Take(10).Select(l => l.Id);
        doc.QuerySelectorAll("table#eva-destroyers tbody tr").Select(r => r.Children[0].TextContent).Should().Equal(lowest);
        doc.QuerySelectorAll("table#eva-creators tbody tr").Select(r => r.Children[0].TextContent).Should().Equal(highest);
    }

    [Fact]
    public void Capital_Report_TailBelow500Scenarios_WarnsInReportAndOnStderr()
    {
        // 20,000 scenarios at 99.9%: about 20,000 x 0.001 = 20 scenarios lie beyond the VaR, far fewer than 500.
        using var temp = new TempFolder();
        string output = temp.Combine("out");
        var (code, _, error) = Run("capital --book samples/loanbook.csv --mc-scenarios 20000 --seed 7", output, "--report");
        code.Should().Be(0, error);
        error.Should().ContainEquivalentOf("warning").And.Contain("fewer than 500");
        var doc = Parse(File.ReadAllText(Path.Combine(output, "report.html")));
        doc.QuerySelectorAll("p.warning").Select(p => p.TextContent).Should().ContainSingle(t => t.Contains("warning", StringComparison.OrdinalIgnoreCase) && t.Contains("fewer than 500", StringComparison.Ordinal));

        // Euler contributions add up: the diversified EC total equals the sum of the groups' diversified EC in by_segment.csv.
        var groups = ReadCsv(Path.Combine(output, "by_segment.csv"));
        double sum = groups.Rows.Sum(r => double.Parse(r[groups.Index("diversified_ec")], Inv));
        var cells = TotalsCells(doc).ToDictionary(c => c.Key, c => c.Text);
        ParseShown(cells["diversified_ec"]).Value.Should().BeApproximately(sum, 0.5 + 1e-9 * sum);
    }

    [Fact]
    public void Capital_Report_TailOf500ScenariosOrMore_NoWarning()
    {
        // 60,000 scenarios at 99%: about 60,000 x 0.01 = 600 scenarios beyond the VaR.
        using var temp = new TempFolder();
        string output = temp.Combine("out");
        var (code, _, error) = Run("capital --book samples/loanbook.csv --mc-scenarios 60000 --seed 7 --confidence 0.99", output, "--report");
        code.Should().Be(0, error);
        error.Should().NotContainEquivalentOf("warning");
        Parse(File.ReadAllText(Path.Combine(output, "report.html"))).QuerySelectorAll("p.warning").Should().BeEmpty();
    }

    [Fact]
    public void ProvisionEcl_Report_TotalsEqualSumsOverLoansCsvByStage()
    {
        using var temp = new TempFolder();
        string output = temp.Combine("out");
        var (code, _, error) = Run("provision ecl --book samples/provisions-book.csv --matrix samples/five-tier-matrix.csv --default-states substandard,doubtful,loss", output, "--report");
        code.Should().Be(0, error);
        var cells = TotalsCells(Parse(File.ReadAllText(Path.Combine(output, "report.html")))).ToDictionary(c => c.Key, c => c.Text);
        var loans = ReadCsv(Path.Combine(output, "loans.csv"));
        double Ecl(string? stage) => loans.Rows.Where(r => stage is null || r[loans.Index("stage")] == stage).Sum(r => double.Parse(r[loans.Index("ecl")], Inv));
        ParseShown(cells["ecl"]).Value.Should().BeApproximately(Ecl(null), 0.5 + 1e-9 * Ecl(null));
        foreach (string stage in new[] { "1", "2", "3" })
        {
            ParseShown(cells["ecl_stage" + stage]).Value.Should().BeApproximately(Ecl(stage), 0.5 + 1e-9 * Ecl(stage), $"stage {stage}");
        }
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("EU")]
    public void Currency_NotThreeUpperCaseLetters_IsUsageErrorAndWritesNothing(string currency)
    {
        using var temp = new TempFolder();
        string output = temp.Combine("out");
        var (code, _, error) = Run("raroc --book samples/loanbook.csv", output, "--report", "--currency", currency);
        code.Should().Be(2);
        error.Should().Contain("ISO 4217");
        Directory.Exists(output).Should().BeFalse();
    }

    [Fact]
    public void Currency_WithoutReport_IsUsageError()
    {
        using var temp = new TempFolder();
        var (code, _, error) = Run("raroc --book samples/loanbook.csv", temp.Combine("out"), "--currency", "EUR");
        code.Should().Be(2);
        error.Should().Contain("--report");
    }

    [Fact]
    public void Report_RunsAgainIntoTheSameFolder_ReplacesOrRemovesTheReport()
    {
        using var temp = new TempFolder();
        string output = temp.Combine("out");
        Run("op-risk --bi samples/risk/bi.csv --losses samples/risk/losses.csv", output, "--report").Code.Should().Be(0);
        Run("op-risk --bi samples/risk/bi.csv --losses samples/risk/losses.csv", output, "--report").Code.Should().Be(0, "the folder holds only the earlier run's listed outputs");
        var (code, _, error) = Run("op-risk --bi samples/risk/bi.csv --losses samples/risk/losses.csv", output);
        code.Should().Be(0, error);
        File.Exists(Path.Combine(output, "report.html")).Should().BeFalse("a run without --report leaves no earlier report beside its results");
    }

    [Fact]
    public void Help_CommandWithoutOutputFolder_HasNoReportOption()
    {
        CliRunner.Run("raroc", "--help").Out.Should().Contain("--report").And.Contain("--currency");
        CliRunner.Run("sample", "--help").Out.Should().NotContain("--report", "sample writes one file, not a folder");
    }

    private static (int Code, string Out, string Error) Run(string command, string output, params string[] extra)
    {
        string root = Root();
        var args = command.Split(' ').Select(a => a.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(root, a) : a);
        return CliRunner.Run([.. args, "--out", output, .. extra]);
    }

    private static IDocument Parse(string html) =>
        new HtmlParser(new HtmlParserOptions { IsStrictMode = true }).ParseDocument(html); // strict: a parse error throws

    private static void AssertSelfContained(string html, IDocument doc)
    {
        html.Should().NotContainEquivalentOf("http:").And.NotContainEquivalentOf("https:");
        html.Should().NotContainEquivalentOf("@import").And.NotContainEquivalentOf("@font-face").And.NotContainEquivalentOf("url(");
        doc.QuerySelectorAll("link, script, iframe, img, object, embed, image, use").Should().BeEmpty("the report loads nothing");
        foreach (var element in doc.All)
        {
            foreach (var attribute in element.Attributes)
            {
                if (attribute.LocalName is "src" or "href" or "xlink:href" or "srcset" or "action" or "data")
                {
                    attribute.Value.Should().StartWith("#", $"<{element.LocalName} {attribute.Name}> points inside the document");
                }
            }
        }

        doc.Body!.TextContent.Trim().Should().NotBeEmpty();
    }

    private static List<(string Key, string Text)> TotalsCells(IDocument doc) =>
        [.. doc.QuerySelectorAll("table#totals td[data-key]").Select(td => (td.GetAttribute("data-key")!, td.TextContent))];

    /// <summary>The number a cell shows ("1,234 EUR", "16.77%"), its decimals and whether it is a percent.</summary>
    private static (double Value, int Decimals, bool Percent) ParseShown(string text)
    {
        bool percent = text.EndsWith('%');
        string digits = new([.. text.Where(c => char.IsAsciiDigit(c) || c is '.' or '-')]);
        int dot = digits.IndexOf('.', StringComparison.Ordinal);
        return (double.Parse(digits, Inv), dot < 0 ? 0 : digits.Length - dot - 1, percent);
    }

    private static (string[] Header, List<string[]> Rows, Func<string, int> Index) ReadCsv(string path)
    {
        // The outputs read here hold no quoted fields (ids, segments and numbers), so a plain split is an independent reader.
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return (header, [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))], name => Array.IndexOf(header, name));
    }

    private static string Root([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
