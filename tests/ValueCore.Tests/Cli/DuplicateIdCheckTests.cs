using ValueCore.IO;
using ValueCore.IO.Csv;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Cli;

[CollectionDefinition(nameof(HashCollisionGroup), DisableParallelization = true)]
public sealed class HashCollisionGroup;

/// <summary>The duplicate-id check is exact: a hash collision never rejects a valid loan, a true repeat always does.</summary>
[Collection(nameof(HashCollisionGroup))]
public class DuplicateIdCheckTests
{
    private const string Header = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate";

    private static RarocJobSummary Run(TempFolder tmp, string book, string outName, bool collide)
    {
        Hash64.CollideForTesting = collide;
        try
        {
            return RarocCsvJob.Run(new RarocJobOptions { BookPath = book, OutputDirectory = tmp.Combine(outName), SkipInvalid = true });
        }
        finally
        {
            Hash64.CollideForTesting = false;
        }
    }

    [Fact]
    public void Run_HashCollisionsBetweenDistinctIds_ValuesEveryLoan()
    {
        using var tmp = new TempFolder();
        var rows = Enumerable.Range(0, 6).Select(i => $"L{i},s{i % 2},retail_other,{1000 + i},0.02,0.4,0.1,0.05");
        string book = tmp.File("loans.csv", Header + "\n" + string.Join("\n", rows) + "\n");

        var plain = Run(tmp, book, "plain", collide: false);
        var collided = Run(tmp, book, "collided", collide: true);

        collided.RowsValued.Should().Be(6);
        collided.RowsRejected.Should().Be(0);
        collided.IssueCount.Should().Be(0);
        // Rows cleared by the verification pass are appended: the same lines, perhaps in another order.
        File.ReadAllLines(tmp.Combine("collided", "loans.csv")).Should().BeEquivalentTo(File.ReadAllLines(tmp.Combine("plain", "loans.csv")));
        collided.Total.Ec.Should().BeApproximately(plain.Total.Ec, 1e-9 * plain.Total.Ec);
        collided.Total.Loans.Should().Be(plain.Total.Loans);
    }

    [Fact]
    public void Run_TrueRepeatAmongCollisions_RejectsOnlyTheRepeatNamingTheFirstLine()
    {
        using var tmp = new TempFolder();
        string book = tmp.File("loans.csv", Header + "\nA1,s,retail_other,100,0.02,0.4,0.1,0.05\nB2,s,retail_other,100,0.02,0.4,0.1,0.05\nA1,s,retail_other,100,0.02,0.4,0.1,0.05\n");

        var summary = Run(tmp, book, "out", collide: true);

        summary.RowsRead.Should().Be(3);
        summary.RowsValued.Should().Be(2);
        summary.RowsRejected.Should().Be(1);
        summary.Issues.Should().ContainSingle().Which.Should().Be(new ValueCore.DataIssue(4, "loan_id", "A1", "duplicates the loan_id of line 2"));
    }
}
