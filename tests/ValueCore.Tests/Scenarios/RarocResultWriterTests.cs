using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Profitability;
using ValueCore.Scenarios;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Scenarios;

public class RarocResultWriterTests
{
    [Fact]
    public void Write_SameBookAndOptions_ByteIdenticalToTheRarocBatch()
    {
        // 20,000 loans span three batch chunks (the first holding the header), so the group sums' reduction order matters.
        using var tmp = new TempFolder();
        string bookPath = tmp.Combine("book.csv");
        using (var s = File.Create(bookPath))
        {
            SampleLoanBook.Write(s, 20_000, 11);
        }

        var valuation = new ValuationOptions
        {
            Profitability = new ProfitabilityParameters { Hurdle = 0.11, TaxRate = 0.3 },
            HurdleBySegment = new Dictionary<string, double> { ["cards"] = 0.15 },
        };
        IReadOnlyList<IReadOnlyList<string>> groupBy = [["segment"], ["segment", "product"], ["asset_class"], ["classification"]];
        IReadOnlyList<string> keep = ["customer_id", "product"];
        RarocCsvJob.Run(new RarocJobOptions
        {
            BookPath = bookPath, OutputDirectory = tmp.Combine("batch"), Valuation = valuation, GroupBy = groupBy, Keep = keep, MaxDegreeOfParallelism = 2,
        });

        var book = LoanBookCsv.Read(bookPath, new LoanBookCsvOptions { Attributes = groupBy.SelectMany(g => g).Concat(keep).Distinct().ToList() });
        var result = PortfolioValuation.Run(book, valuation);
        var tables = RarocGroups.Tables(result, groupBy, RarocCsvJob.RecordsPerChunk);
        using (var output = new OutputDirectory(tmp.Combine("writer")))
        {
            RarocResultWriter.Write(output, "", result, tables, keep, writeLoans: true, maxDegreeOfParallelism: 2);
            output.Commit();
        }

        RarocGroups.RecordsPerChunk.Should().Be(RarocCsvJob.RecordsPerChunk, "the writer reduces group sums in the batch's chunks");
        foreach (var name in new[] { "loans.csv", "by_segment.csv", "by_segment_product.csv", "by_asset_class.csv", "by_classification.csv" })
        {
            File.ReadAllBytes(tmp.Combine("writer", name)).Should().Equal(File.ReadAllBytes(tmp.Combine("batch", name)), name);
        }
    }

    [Fact]
    public void Tables_AnyThreadCount_BitIdentical()
    {
        var book = ScenarioTests.SampleBook(20_000);
        var result = PortfolioValuation.Run(book);
        var one = RarocGroups.Tables(result, [["segment"]], maxDegreeOfParallelism: 1)[0];
        var many = RarocGroups.Tables(result, [["segment"]], maxDegreeOfParallelism: 4)[0];
        many.Rows.Should().BeEquivalentTo(one.Rows, o => o.WithStrictOrdering());
        many.Total.Eva.Should().Be(one.Total.Eva);
    }
}
