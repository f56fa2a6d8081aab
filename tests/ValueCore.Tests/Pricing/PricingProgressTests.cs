using System.Text;
using ValueCore.Batch;
using ValueCore.Pricing;

namespace ValueCore.Tests.Pricing;

/// <summary>Issue 18 item 3: ftp and price, which stream a book row by row, report the bytes read a block of records at a
/// time, rising to at most the file's length, for the CLI's one progress renderer.</summary>
public class PricingProgressTests
{
    [Fact]
    public void FtpRun_BookOfThreeBlocks_ReportsRisingBytesUpToTheFileLength()
    {
        using var temp = new TempFolder();
        string curve = temp.File("curve.csv", "tenor_years,rate\n1,0.01\n2,0.02\n");
        var text = new StringBuilder("loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,repricing,amortisation\n");
        for (int i = 0; i < 20_000; i++)
        {
            text.Append('L').Append(i).Append(",corporate,corporate,1000,0.01,0.4,1.5,0.05,,bullet\n");
        }

        string book = temp.File("book.csv", text.ToString());
        var reports = new List<long>();
        long n = FtpCsvJob.Run(book, new FundingOptions { Curve = FundingCurveCsvOf(curve) }, temp.Combine("out"), new Recorder(reports));

        n.Should().Be(20_000);
        reports.Should().HaveCountGreaterThanOrEqualTo(2, "8,192 records a block: 20,000 rows span three blocks");
        reports.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        reports[^1].Should().BeLessThanOrEqualTo(new FileInfo(book).Length);
    }

    private static FundingCurve FundingCurveCsvOf(string path) => IO.FundingCurveCsv.Read(path);

    private sealed class Recorder(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
