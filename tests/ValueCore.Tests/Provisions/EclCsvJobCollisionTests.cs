using ValueCore.IO.Csv;
using ValueCore.IO.Provisions;
using ValueCore.Provisions;
using ValueCore.Tests.Cli;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Provisions;

/// <summary>The provisioning jobs' duplicate-id check is exact: identifiers sharing a hash are all measured, in book order.</summary>
[Collection(nameof(HashCollisionGroup))]
public sealed class EclCsvJobCollisionTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Run_HashCollisionsBetweenDistinctIds_SameOutputAsWithout()
    {
        string book = EclCsvJobTests.Book(_dir, 3000, 4);
        EclJobOptions Options(string o) => new()
        {
            BookPath = book,
            OutputDirectory = _dir.Combine(o),
            Model = new EclModel(EclCsvJobTests.Matrix(0), [PDCurveSet.Create(EclCsvJobTests.Matrix(0), 1, EclCsvJob.MaxRemainingYears)]),
        };
        var plain = EclCsvJob.Run(Options("plain"));
        Hash64.CollideForTesting = true;
        try
        {
            var collided = EclCsvJob.Run(Options("collided"));
            collided.RowsValued.Should().Be(3000);
        }
        finally
        {
            Hash64.CollideForTesting = false;
        }

        foreach (var f in new[] { "loans.csv", "by_stage.csv", "by_segment.csv", "summary.txt" })
        {
            File.ReadAllBytes(_dir.Combine("collided", f)).Should().Equal(File.ReadAllBytes(_dir.Combine("plain", f)), f);
        }

        plain.RowsValued.Should().Be(3000);
    }
}
