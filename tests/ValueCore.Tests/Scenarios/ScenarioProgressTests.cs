using ValueCore.Batch;

namespace ValueCore.Tests.Scenarios;

/// <summary>Issue 18 item 3: a scenario run reports its progress, one valuation at a time, against a total known once the
/// scenario file is read (the baseline and every scenario).</summary>
public class ScenarioProgressTests
{
    [Fact]
    public void Run_SampleScenarios_ReportsEveryValuationAgainstBaselinePlusScenarios()
    {
        using var tmp = new TempFolder();
        long? total = null;
        var reports = new List<long>();
        ScenarioJob.Run(new ScenarioJobOptions
        {
            BookPath = Path.Combine(Sources.BookSourceTests.Root(), "samples", "loanbook.csv"),
            ScenariosPath = Path.Combine(Sources.BookSourceTests.Root(), "samples", "scenarios.yaml"),
            OutputDirectory = tmp.Combine("out"),
            WriteLoans = false,
            Progress = t =>
            {
                total = t;
                return new Recorder(reports);
            },
        });

        // samples/scenarios.yaml holds two scenarios (adverse, recession): three valuations with the baseline.
        total.Should().Be(3);
        reports.Should().Equal(1, 2, 3);
    }

    private sealed class Recorder(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
