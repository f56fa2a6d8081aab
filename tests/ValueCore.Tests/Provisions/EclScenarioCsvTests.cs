using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Provisions;

/// <summary>The scenarios file of <c>provision ecl</c> is read by the project's one tokenizer (RFC 4180), not by splitting lines at commas.</summary>
public class EclScenarioCsvTests
{
    [Fact]
    public void Read_QuotedNameWithCommaAndLineBreak_OneScenarioPerRecordWithPhysicalLines()
    {
        using var temp = new TempFolder();
        string path = temp.File("scenarios.csv",
            "scenario,weight,year,z\n\"adverse, severe\",0.4,1,-1.5\n\"adverse, severe\",0.4,2,-0.5\n\"base\nline\",0.6,1,0\n\"base\nline\",0.6,2,x\n");
        var issues = new List<DataIssue>();

        var scenarios = EclScenarioCsv.Read(path, issues);

        scenarios.Select(s => s.Name).Should().Equal("adverse, severe", "base\nline");
        scenarios[0].Z.Should().Equal(-1.5, -0.5);
        scenarios[0].Weight.Should().Be(0.4);
        // The last record starts on physical line 6: record 3 spans lines 4-5 (its quoted line break), record 4 lines 6-7.
        issues.Should().ContainSingle().Which.Should().Be(new DataIssue(6, "z", "x", "must be a number in [-50, 50]"));
    }
}
