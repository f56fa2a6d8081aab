using System.Runtime.CompilerServices;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests;

/// <summary>Runs the README's library example on the bundled sample book.</summary>
public class ReadmeTests
{
    private static string Root([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    [Fact]
    public void LibraryExample_ValuesTheSampleBookBySegment()
    {
        LoanBook book = LoanBookCsv.Read(Path.Combine(Root(), "samples", "loanbook.csv"));
        PortfolioResult result = PortfolioValuation.Run(book, new ValuationOptions());
        var rows = result.GroupBy("segment").Rows;

        book.Count.Should().Be(1000);
        rows.Should().NotBeEmpty();
        rows.Sum(r => r.Loans).Should().Be(book.Count);
        rows.Should().OnlyContain(r => r.Raroc == null || double.IsFinite(r.Raroc.Value));
        File.ReadAllText(Path.Combine(Root(), "README.md")).Should().Contain("LoanBookCsv.Read(\"samples/loanbook.csv\")")
            .And.Contain("result.GroupBy(\"segment\").Rows");
    }
}
