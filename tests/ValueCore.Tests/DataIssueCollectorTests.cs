namespace ValueCore.Tests;

public sealed class DataIssueCollectorTests
{
    [Fact]
    public void Add_MoreThanMaxListed_ListsTheFirstThousandAndCountsAll()
    {
        var issues = new DataIssueCollector("book.csv");
        for (int i = 1; i <= 2500; i++)
        {
            issues.Add(i + 1, "pd", "x", "is not a number");
        }

        issues.Count.Should().Be(2500);
        issues.Issues.Should().HaveCount(DataValidationException.MaxListed);
        issues.Issues[^1].Line.Should().Be(DataValidationException.MaxListed + 1, "the first thousand are listed, in the order added");
        var e = FluentActions.Invoking(() => issues.ThrowIfAny()).Should().Throw<DataValidationException>().Which;
        (e.Source, e.TotalIssues, e.Issues.Count).Should().Be(("book.csv", 2500L, 1000));
    }

    [Fact]
    public void AddRange_ChunksMergedInOrder_SameAsOneCollector()
    {
        var one = new DataIssueCollector("f");
        var merged = new DataIssueCollector("f");
        for (int c = 0; c < 3; c++)
        {
            var chunk = new DataIssueCollector("f");
            for (int i = 0; i < 700; i++)
            {
                var issue = new DataIssue((c * 700) + i + 2, "ead", "-1", "must be >= 0");
                chunk.Add(issue);
                one.Add(issue);
            }

            merged.AddRange(chunk);
        }

        merged.Count.Should().Be(2100);
        merged.Issues.Should().Equal(one.Issues);
    }

    [Fact]
    public void ThrowIfAny_OrderByLine_SortsStablyElseKeepsTheOrderAdded()
    {
        var issues = new DataIssueCollector("f");
        issues.Add(9, "a", "", "first");
        issues.Add(3, "b", "", "second");
        issues.Add(9, "c", "", "third");

        FluentActions.Invoking(() => issues.ThrowIfAny()).Should().Throw<DataValidationException>().Which.Issues.Select(i => i.Rule)
            .Should().Equal("first", "second", "third");
        FluentActions.Invoking(() => issues.ThrowIfAny(orderByLine: true)).Should().Throw<DataValidationException>().Which.Issues.Select(i => i.Rule)
            .Should().Equal("second", "first", "third");
    }

    [Fact]
    public void ThrowIfAny_NoIssues_DoesNotThrow()
    {
        var issues = new DataIssueCollector("f");
        issues.Invoking(i => i.ThrowIfAny()).Should().NotThrow();
        issues.Count.Should().Be(0);
    }
}
