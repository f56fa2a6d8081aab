using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Scenarios;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Scenarios;

public class ScenarioFileTests
{
    /// <summary>The canonical example of the scenarios issue, as written.</summary>
    internal const string Canonical = """
        scenarios:
          - name: adverse
            weight: 0.3
            shocks:
              - where: { segment: cre, asset_class: [sme, corporate] }
                pd: { multiply: 1.5 }
              - lgd: { add: 0.10 }
              - rate: { shift_bp: 200 }
          - name: recession
            weight: 0.2
            shocks:
              - pd: { z: -1.5 }
        """;

    private static readonly string[] s_header = ["loan_id", "segment", "asset_class", "ead", "pd", "lgd", "rate", "ftp_rate", "region"];

    [Fact]
    public void Parse_CanonicalExample_AsWritten()
    {
        var set = ScenarioFile.Parse(Canonical, "scenarios.yaml", s_header);
        set.Scenarios.Select(s => s.Name).Should().Equal("adverse", "recession");
        set.Scenarios.Select(s => s.Weight).Should().Equal(0.3, 0.2);
        set.BaselineWeight.Should().BeApproximately(0.5, 1e-15, "the baseline carries 1 - sum of the weights");
        var adverse = set.Scenarios[0].Shocks;
        adverse.Should().HaveCount(3);
        adverse[0].Should().Be(new Shock(ShockTarget.Pd, ShockOperation.Multiply, 1.5) { Where = LoanFilter.Where("segment", "cre").And("asset_class", "sme", "corporate") });
        adverse[1].Should().Be(new Shock(ShockTarget.Lgd, ShockOperation.Add, 0.10));
        adverse[2].Should().Be(new Shock(ShockTarget.Rate, ShockOperation.Add, 0.02));
        set.Scenarios[1].Shocks.Should().Equal(new Shock(ShockTarget.Pd, ShockOperation.ConditionOnZ, -1.5));
    }

    [Fact]
    public void Parse_FluentApi_EqualsTheFile()
    {
        var set = ScenarioFile.Parse(Canonical, "scenarios.yaml");
        var adverse = Scenario.Named("adverse").WithWeight(0.3)
            .Where("segment", "cre").Where("asset_class", "sme", "corporate").Pd.Multiply(1.5)
            .Lgd.Add(0.10)
            .Rate.ShiftBp(200)
            .Build();
        var recession = Scenario.Named("recession").WithWeight(0.2).Pd.ConditionOnZ(-1.5).Build();
        set.Scenarios[0].Shocks.Should().Equal(adverse.Shocks);
        set.Scenarios[1].Shocks.Should().Equal(recession.Shocks);
        set.Scenarios[0].Weight.Should().Be(adverse.Weight);

        // And they value the same: identical stressed books.
        var book = ScenarioTestBooks.Mixed();
        set.Scenarios[0].Apply(book).Book.Pd.ToArray().Should().Equal(adverse.Apply(book).Book.Pd.ToArray());
        set.Scenarios[1].Apply(book).Book.Pd.ToArray().Should().Equal(recession.Apply(book).Book.Pd.ToArray());
    }

    [Fact]
    public void Parse_Json_EqualsYaml()
    {
        const string json = """
            {"scenarios": [
              {"name": "adverse", "weight": 0.3, "shocks": [
                {"where": {"segment": "cre", "asset_class": ["sme", "corporate"]}, "pd": {"multiply": 1.5}},
                {"lgd": {"add": 0.10}}, {"rate": {"shift_bp": 200}}]},
              {"name": "recession", "weight": 0.2, "shocks": [{"pd": {"z": -1.5}}]}
            ]}
            """;
        var fromJson = ScenarioFile.Parse(json, "scenarios.json");
        var fromYaml = ScenarioFile.Parse(Canonical, "scenarios.yaml");
        fromJson.Scenarios.SelectMany(s => s.Shocks).Should().Equal(fromYaml.Scenarios.SelectMany(s => s.Shocks));
        fromJson.BaselineWeight.Should().Be(fromYaml.BaselineWeight);
    }

    [Fact]
    public void Parse_EveryOption_ReadsParametersMigrationAndActions()
    {
        const string yaml = """
            baseline_weight: 0.4
            scenarios:
              - name: full
                weight: 0.6
                description: everything
                parameters: { hurdle: 0.14, tax: 0.3, capital_rate: 0.02, confidence: 0.9995 }
                migration: { z_shift: [-1.5, -0.5] }
                shocks:
                  - where: { region: north }
                    pd: { z: -1, correlation: 0.2 }
                    lgd: { set: 0.6 }
                  - ead: { multiply: 1.1 }
                  - ftp_rate: { shift_bp: -25 }
                  - fees: { multiply: 0.9 }
                  - opex: { multiply: 1.05 }
            """;
        var s = ScenarioFile.Parse(yaml, "s.yaml", s_header).Scenarios[0];
        s.Parameters.Should().Be(new ScenarioParameters { Hurdle = 0.14, TaxRate = 0.3, CapitalRate = 0.02, Confidence = 0.9995 });
        s.Migration.Should().Be(MigrationShock.ZShift(-1.5, -0.5));
        var north = LoanFilter.Where("region", "north");
        s.Shocks.Should().Equal(
            new Shock(ShockTarget.Pd, ShockOperation.ConditionOnZ, -1, 0.2) { Where = north },
            new Shock(ShockTarget.Lgd, ShockOperation.Set, 0.6) { Where = north },
            new Shock(ShockTarget.Ead, ShockOperation.Multiply, 1.1),
            new Shock(ShockTarget.FtpRate, ShockOperation.Add, -25 / 10_000.0),
            new Shock(ShockTarget.Fees, ShockOperation.Multiply, 0.9),
            new Shock(ShockTarget.Opex, ShockOperation.Multiply, 1.05));
    }

    [Theory]
    [InlineData("scenarios:\n  - name: a\n    shocks:\n      - pd: { multipy: 1.5 }\n", "s.yaml:4: 'pd.multipy' is not a known key here")]
    [InlineData("scenarios:\n  - name: a\n    shocks:\n      - where: { country: de }\n        pd: { multiply: 1.5 }\n", "s.yaml:4: where = country is not a column of the loan book")]
    [InlineData("scenarios:\n  - name: a\n    weight: 0.7\n  - name: b\n    weight: 0.6\n", "s.yaml:1: weight = 1.2999999999999998 is the sum of the scenario weights; it must be at most 1")]
    [InlineData("baseline_weight: 0.3\nscenarios:\n  - name: a\n    weight: 0.5\n", "s.yaml:2: weight = 0.8 is the sum of the weights with baseline_weight; it must be 1")]
    [InlineData("scenarios:\n  - name: a\n    weight: 0.5\n  - name: b\n", "s.yaml:4: 'weight' is missing for scenario 'b'")]
    [InlineData("scenarios:\n  - name: a\n    shocks:\n      - lgd: { add: abc }\n", "s.yaml:4: lgd.add = abc is not a number")]
    [InlineData("scenarios:\n  - name: a\n    shocks:\n      - pd: { set: 1.5 }\n", "s.yaml:4: pd.set = 1.5 is outside (0, 1] (a PD)")]
    [InlineData("scenarios:\n  - name: a\n    shocks:\n      - ead: { add: 5 }\n", "s.yaml:4: 'ead.add' is not a known key here")]
    [InlineData("scenarios:\n  - name: a\n    shocks:\n      - where: { asset_class: [sme, corporates] }\n        pd: { multiply: 2 }\n", "s.yaml:4: asset_class = corporates is not an asset class")]
    [InlineData("scenarios:\n  - name: a\n  - name: a\n", "s.yaml:3: name = a is used twice (first on line 2)")]
    [InlineData("scenarios:\n  - name: baseline\n", "s.yaml:2: name = baseline is reserved")]
    [InlineData("scenarios:\n  - name: Baseline\n", "s.yaml:2: name = Baseline is reserved")]
    [InlineData("scenarios:\n  - name: adverse\n  - name: Adverse\n", "s.yaml:3: name = Adverse is used twice (first on line 2)")]
    [InlineData("scenarios:\n  - name: shocks.csv\n", "s.yaml:2: name = shocks.csv is not a valid scenario name")]
    [InlineData("scenarios:\n  - name: 'my scenario'\n", "s.yaml:2: name = my scenario is not a valid scenario name")]
    [InlineData("scenarios:\n  - name: a\n    parameters: { hurdle: 20 }\n", "s.yaml:3: hurdle = 20 is outside [-1, 10]")]
    [InlineData("scenario:\n  - name: a\n", "s.yaml:1: 'scenario' is not a known key here")]
    [InlineData("scenarios:\n  - name: a\n    shocks:\n      - pd: { multiply: 1.5\n", "s.yaml:5: is not valid YAML")]
    public void Parse_Error_ReportsTheLine(string yaml, string expected)
    {
        var e = FluentActions.Invoking(() => ScenarioFile.Parse(yaml, "s.yaml", s_header)).Should().Throw<DataValidationException>().Which;
        e.Issues.Select(i => i.Format("s.yaml")).Should().Contain(m => m.StartsWith(expected, StringComparison.Ordinal),
            "got: " + string.Join(" | ", e.Issues.Select(i => i.Format("s.yaml"))));
    }

    [Fact]
    public void Parse_SeveralErrors_ReportsAllInOnePass()
    {
        const string yaml = "scenarios:\n  - name: a\n    colour: red\n    shocks:\n      - pd: { multiply: -1 }\n      - where: { country: x }\n        lgd: { add: 0.1 }\n";
        var e = FluentActions.Invoking(() => ScenarioFile.Parse(yaml, "s.yaml", s_header)).Should().Throw<DataValidationException>().Which;
        e.Issues.Select(i => i.Line).Should().Equal(3, 5, 6);
    }

    [Fact]
    public void Parse_ErrorsInsideAndAcrossScenarios_AllReported()
    {
        const string yaml = "scenarios:\n  - name: a\n    weight: 0.7\n    shocks:\n      - pd: { set: 1.5 }\n      - where: { country: de }\n        lgd: { add: abc }\n  - name: a\n    weight: 0.6\n";
        var e = FluentActions.Invoking(() => ScenarioFile.Parse(yaml, "s.yaml", s_header)).Should().Throw<DataValidationException>().Which;
        e.Issues.Select(i => i.Line).Should().Equal(1, 5, 6, 7, 8);
        e.Issues[0].Rule.Should().Contain("sum of the scenario weights");
        e.Issues[4].Rule.Should().Contain("used twice");
    }

    [Fact]
    public void ReadForBook_FilterOnAnAttribute_IsAccepted()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("s.yaml", "scenarios:\n  - name: north\n    shocks:\n      - where: { region: north }\n        pd: { multiply: 2 }\n");
        var set = ScenarioFile.ReadForBook(path, ScenarioTestBooks.Mixed());
        set.HasWeights.Should().BeFalse();
        set.Scenarios[0].Apply(ScenarioTestBooks.Mixed()).Reports[0].LoansSelected.Should().Be(4);
        var bad = tmp.File("t.yaml", "scenarios:\n  - name: x\n    shocks:\n      - where: { country: de }\n        pd: { multiply: 2 }\n");
        FluentActions.Invoking(() => ScenarioFile.ReadForBook(bad, ScenarioTestBooks.Mixed())).Should().Throw<DataValidationException>()
            .WithMessage("t.yaml:4: where = country is not a column*");
    }

    [Fact]
    public void Sample_ScenarioFile_ParsesAgainstTheSampleBookHeader()
    {
        string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var header = File.ReadLines(Path.Combine(root, "samples", "loanbook.csv")).First().Split(',');
        var set = ScenarioFile.Read(Path.Combine(root, "samples", "scenarios.yaml"), header);
        set.Scenarios.Should().HaveCountGreaterThan(1);
        set.HasWeights.Should().BeTrue();
        _ = LoanColumns.Segment;
    }

    [Fact]
    public void Parse_CcfShock_NeedsDrawnAndUndrawnAndAUnitFactor()
    {
        string[] withAmounts = [.. s_header, "drawn", "undrawn"];
        var set = ScenarioFile.Parse("scenarios:\n  - name: a\n    shocks:\n      - where: { segment: cards }\n        ead: { ccf: 0.9 }\n", "s.yaml", withAmounts);
        var shock = set.Scenarios[0].Shocks.Single();
        shock.Target.Should().Be(ShockTarget.Ead);
        shock.Operation.Should().Be(ShockOperation.CreditConversion);
        shock.Value.Should().Be(0.9);
        shock.ToString().Should().Be("ead ccf 0.9 where { segment: cards }");

        FluentActions.Invoking(() => ScenarioFile.Parse("scenarios:\n  - name: a\n    shocks:\n      - ead: { ccf: 1.5 }\n", "s.yaml", withAmounts))
            .Should().Throw<DataValidationException>().Which.Issues.Should().ContainSingle(i => i.Line == 4 && i.Column == "ead.ccf" && i.Rule.Contains("[0, 1]"));
        FluentActions.Invoking(() => ScenarioFile.Parse("scenarios:\n  - name: a\n    shocks:\n      - ead: { ccf: 0.5 }\n", "s.yaml", [.. s_header, "undrawn"]))
            .Should().Throw<DataValidationException>().Which.Issues.Should().ContainSingle(i => i.Line == 4 && i.Rule.Contains("no drawn column"));
        FluentActions.Invoking(() => ScenarioFile.Parse("scenarios:\n  - name: a\n    shocks:\n      - pd: { ccf: 0.5 }\n", "s.yaml", withAmounts))
            .Should().Throw<DataValidationException>().Which.Issues.Should().ContainSingle(i => i.Line == 4 && i.Rule.Contains("pd.ccf"));
    }
}
