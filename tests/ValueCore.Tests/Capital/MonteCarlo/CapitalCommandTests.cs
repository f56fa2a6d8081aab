using System.Globalization;
using System.Text.Json;
using ValueCore.Cli;

namespace ValueCore.Tests.Capital.MonteCarlo;

public sealed class CapitalCommandTests : IDisposable
{
    private const double SumTolerance = 1e-9;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vc-capital-" + Guid.NewGuid().ToString("N"));

    public CapitalCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteBook(params string[] extraRows)
    {
        var lines = new List<string> { "loan_id,customer_id,segment,region,asset_class,ead,pd,lgd,maturity,sales,rate,ftp_rate,fees,opex" };
        for (int i = 0; i < 60; i++)
        {
            string customer = i % 4 == 0 ? "" : "C" + (i / 2).ToString(CultureInfo.InvariantCulture);
            string pd = (0.004 + (0.001 * (i / 2))).ToString("R", CultureInfo.InvariantCulture);
            lines.Add($"L{i},{customer},{(i % 3 == 0 ? "corp" : "retail")},{(i % 2 == 0 ? "north" : "south")},{(i % 3 == 0 ? "corporate" : "retail_other")},{100 + (10 * i)},{pd},0.45,2.5,,0.06,0.02,1,2");
        }

        lines.AddRange(extraRows);
        string path = Path.Combine(_dir, "book.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CommandLine.Run(args, new CliContext(o, e));
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Capital_SmallBook_WritesOutputsThatAddUp()
    {
        string book = WriteBook();
        string outDir = Path.Combine(_dir, "out");
        var (code, _, error) = Run("capital", "--book", book, "--out", outDir, "--mc-scenarios", "3000", "--confidence", "0.99", "--by", "segment,region", "--threads", "2");
        code.Should().Be(0, error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var root = summary.RootElement;
        foreach (var key in new[] { "el", "var", "es", "ec", "var_se", "es_se", "ec_se", "confidence", "scenarios", "seed", "quantiles" })
        {
            root.TryGetProperty(key, out _).Should().BeTrue(key);
        }

        root.GetProperty("quantiles").TryGetProperty("0.999", out _).Should().BeTrue();
        double es = root.GetProperty("es").GetDouble();
        var rows = File.ReadAllLines(Path.Combine(outDir, "contributions.csv"));
        rows[0].Should().StartWith("loan_id,customer_id,segment,ead,el,el_simulated,es_contribution");
        rows.Should().HaveCount(61);
        double sumEs = rows.Skip(1).Sum(r => double.Parse(r.Split(',')[6], CultureInfo.InvariantCulture));
        sumEs.Should().BeApproximately(es, SumTolerance * es);
        File.Exists(Path.Combine(outDir, "by_segment_region.csv")).Should().BeTrue();
        File.ReadAllLines(Path.Combine(outDir, "by_segment_region.csv")).Should().HaveCount(5);
        File.ReadAllText(Path.Combine(outDir, "loss_distribution.csv")).Should().Contain("quantile,0.999,").And.Contain("histogram,");
        File.ReadAllText(Path.Combine(outDir, "manifest.json")).Should().Contain("\"sha256\"").And.Contain("\"created\"");
        File.ReadAllText(Path.Combine(outDir, "summary.json")).Should().NotContain("created");

        // Identical runs (another thread count) give byte-identical files.
        string outDir2 = Path.Combine(_dir, "out2");
        Run("capital", "--book", book, "--out", outDir2, "--mc-scenarios", "3000", "--confidence", "0.99", "--by", "segment,region", "--threads", "1").Code.Should().Be(0);
        foreach (var f in new[] { "summary.json", "contributions.csv", "loss_distribution.csv", "by_segment_region.csv" })
        {
            File.ReadAllBytes(Path.Combine(outDir2, f)).Should().Equal(File.ReadAllBytes(Path.Combine(outDir, f)), f);
        }
    }

    [Fact]
    public void Capital_FactorFileAndImportanceSampling_Runs()
    {
        string book = WriteBook();
        string factors = Path.Combine(_dir, "factors.csv");
        File.WriteAllText(factors, "type,key,f1,f2\ncorrelation,f1,1,0.3\ncorrelation,f2,0.3,1\nsegment,corp,0.4,0.1\nsegment,retail,0.1,0.35\n");
        string outDir = Path.Combine(_dir, "out");
        var (code, _, error) = Run("capital", "--book", book, "--factors", factors, "--out", outDir, "--mc-scenarios", "2000", "--importance-sampling", "--copula", "t", "--df", "6");
        code.Should().Be(0, error);
        File.ReadAllText(Path.Combine(outDir, "summary.json")).Should().Contain("\"importance_sampling\": true");
    }

    [Fact]
    public void Capital_InvalidRows_ExitThreeWithLinesAndWriteNothing()
    {
        string book = WriteBook("X1,,corp,north,corporate,-5,0.01,0.45,2.5,,0.06,0.02,1,2", "X2,C1,retail,south,retail_other,100,0.5,0.45,2.5,,0.06,0.02,1,2");
        string outDir = Path.Combine(_dir, "out");
        var (code, _, error) = Run("capital", "--book", book, "--out", outDir, "--mc-scenarios", "100");
        code.Should().Be(3);
        error.Should().Contain("book.csv:62: ead = -5 must be >= 0");
        Directory.Exists(outDir).Should().BeFalse();

        // Same customer with another PD: reported at its physical line.
        string book2 = WriteBook("X2,C1,retail,south,retail_other,100,0.5,0.45,2.5,,0.06,0.02,1,2");
        var second = Run("capital", "--book", book2, "--out", outDir, "--mc-scenarios", "100");
        second.Code.Should().Be(3);
        second.Error.Should().Contain("book.csv:62: pd = 0.5 differs from the PD");
    }

    [Fact]
    public void Capital_BadFactorFile_ExitThree()
    {
        string book = WriteBook();
        string factors = Path.Combine(_dir, "factors.csv");
        File.WriteAllText(factors, "type,key,f1\ncorrelation,f1,1\nsegment,corp,1.2\n");
        var (code, _, error) = Run("capital", "--book", book, "--factors", factors, "--out", Path.Combine(_dir, "o"), "--mc-scenarios", "100");
        code.Should().Be(3);
        error.Should().Contain("below 1");
    }

    [Fact]
    public void Capital_BadOptions_ExitTwo()
    {
        string book = WriteBook();
        Run("capital", "--book", book, "--out", Path.Combine(_dir, "out"), "--copula", "clayton").Code.Should().Be(2);
        Run("capital", "--book", book, "--out", Path.Combine(_dir, "out"), "--mc-scenarios", "0").Code.Should().Be(2);
        var missingColumn = Run("capital", "--book", book, "--out", Path.Combine(_dir, "out"), "--by", "nope");
        missingColumn.Code.Should().Be(3, "a grouping column the file lacks is invalid input");
        missingColumn.Error.Should().Contain("nope");
        Run("capital", "--book", Path.Combine(_dir, "missing.csv"), "--out", Path.Combine(_dir, "out")).Code.Should().Be(2);
    }
}
