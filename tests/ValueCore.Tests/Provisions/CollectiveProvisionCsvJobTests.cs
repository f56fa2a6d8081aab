using System.Globalization;
using System.Text;
using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.Migration;
using ValueCore.Provisions;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Provisions;

/// <summary>The streamed migration-model job against the library path (CollectiveProvision) and across thread counts.</summary>
public sealed class CollectiveProvisionCsvJobTests : IDisposable
{
    private const double TotalTolerance = 1e-12; // relative

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Run_SmallBook_LoansCsvEqualsLibraryPathAndTotalsMatch()
    {
        string book = EclCsvJobTests.Book(_dir, 2000, 21);
        var model = EclCsvJobTests.Matrix(0);
        var retail = EclCsvJobTests.Matrix(0.01);
        string o = _dir.Combine("out");
        var summary = CollectiveProvisionCsvJob.Run(new CollectiveProvisionJobOptions
        {
            BookPath = book,
            OutputDirectory = o,
            Model = model,
            SegmentModels = new Dictionary<string, ITransitionModel> { ["retail"] = retail },
            HorizonYears = 1.5,
        });

        var pd = CollectiveProvision.HorizonPD(model, 1.5);
        var pdRetail = CollectiveProvision.HorizonPD(retail, 1.5);
        var expected = new StringBuilder("loan_id,segment,classification,ead,lgd,pd_h,provision,status\n");
        double total = 0;
        var lines = File.ReadAllLines(book).Skip(1).ToList();
        foreach (var line in lines)
        {
            // The book's quoted ids hold one comma at most: split from the right.
            var f = line.Split(',');
            int extra = f.Length - 16;
            string id = string.Join(',', f.Take(1 + extra)).Trim('"');
            var rest = f.Skip(1 + extra).ToArray();
            string seg = rest[0], cls = rest[7];
            double ead = double.Parse(rest[2], CultureInfo.InvariantCulture), lgd = double.Parse(rest[4], CultureInfo.InvariantCulture);
            int state = model.States.IndexOf(cls);
            double p = (seg == "retail" ? pdRetail : pd)[state];
            bool defaulted = cls == "D";
            double provision = defaulted ? double.NaN : CollectiveProvision.Provision(ead, p, lgd);
            total += defaulted ? 0 : provision;
            expected.Append(string.Join(',', CsvText.Field(id), seg, cls, CsvText.Number(ead), CsvText.Number(lgd), CsvText.Number(p),
                CsvText.Number(provision), defaulted ? "individual" : "collective")).Append('\n');
        }

        File.ReadAllText(Path.Combine(o, "loans.csv")).Should().Be(expected.ToString());
        summary.RowsRead.Should().Be(2000);
        summary.Total.Should().BeApproximately(total, TotalTolerance * total);
        File.ReadAllLines(Path.Combine(o, "by_segment.csv")).Skip(1).Select(l => l.Split(',')[0]).Should().Equal("corp", "retail", "sme");
        File.Exists(Path.Combine(o, "manifest.json")).Should().BeTrue();
    }

    [Fact]
    public void Run_OneVersusManyThreads_ByteIdenticalFiles()
    {
        string book = EclCsvJobTests.Book(_dir, 20_000, 8);
        var options = new CollectiveProvisionJobOptions
        {
            BookPath = book,
            OutputDirectory = _dir.Combine("one"),
            Model = EclCsvJobTests.Matrix(0),
            ProvisionDefaulted = true,
            MaxDegreeOfParallelism = 1,
        };
        var one = CollectiveProvisionCsvJob.Run(options);
        CollectiveProvisionCsvJob.Run(options with { OutputDirectory = _dir.Combine("many"), MaxDegreeOfParallelism = 8 });
        foreach (var f in one.Files)
        {
            File.ReadAllBytes(Path.Combine(_dir.Combine("many"), Path.GetFileName(f))).Should().Equal(File.ReadAllBytes(f), Path.GetFileName(f));
        }
    }

    [Fact]
    public void Run_SegmentWithoutModel_Exit3StyleIssueNamingTheLine()
    {
        string book = EclCsvJobTests.Book(_dir, 10, 2);
        var act = () => CollectiveProvisionCsvJob.Run(new CollectiveProvisionJobOptions
        {
            BookPath = book,
            OutputDirectory = _dir.Combine("o"),
            SegmentModels = new Dictionary<string, ITransitionModel> { ["retail"] = EclCsvJobTests.Matrix(0) },
        });
        act.Should().Throw<DataValidationException>().Which.Issues[0].Format("book.csv")
            .Should().Be("book.csv:3: segment = sme has no migration model (no matrix for the segment and no fallback)");
    }
}
