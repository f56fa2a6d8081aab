using System.Globalization;
using System.Text.Json;
using ValueCore.Cli;

namespace ValueCore.Tests.Risk;

/// <summary><c>valuecore aggregate</c> on one measure (issue 15 item 11): stated, assumed, mixed (rejected) or restated.</summary>
public sealed class AggregateMeasureTests : IDisposable
{
    // Standard normal quantiles as tabulated (Abramowitz and Stegun, Table 26.5), independent of the library.
    private const double Z0975 = 1.959963984540054;
    private const double Z0999 = 3.090232306167813;
    private const double Closed = 1e-12; // relative: closed forms evaluated in another order
    private const string Identity = "risk_type,credit,market\ncredit,1,0\nmarket,0,1\n";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vc-aggmeasure-" + Guid.NewGuid().ToString("N"));

    public AggregateMeasureTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private string Out(string name) => Path.Combine(_dir, name);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CommandLine.Run(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }

    private static double Phi(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2.0 * Math.PI);

    [Fact]
    public void Aggregate_FileWithoutMeasure_ReadAsBeforeSayingOneMeasureIsAssumed()
    {
        string capital = File("capital.csv", "unit,risk_type,ec\nA,credit,3\nA,market,4\n");
        var (code, stdout, err) = Run("aggregate", "--capital", capital, "--correlation", File("c.csv", Identity), "--out", Out("a"));
        code.Should().Be(0, err);
        stdout.Should().Contain("states no measure; one common measure (risk measure, confidence and horizon) is assumed");
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Out("a/aggregate.json")));
        json.RootElement.GetProperty("total_ec").GetDouble().Should().BeApproximately(5.0, Closed * 5.0, "3, 4 uncorrelated: 5, as before");
        json.RootElement.GetProperty("measure").GetProperty("basis").GetString().Should().Be("assumed common");
        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllText(Out("a/manifest.json")));
        manifest.RootElement.GetProperty("parameters").GetProperty("measure").GetString().Should().Be("assumed common");
    }

    [Fact]
    public void Aggregate_OneStatedMeasure_AggregatesAndNamesIt()
    {
        string capital = File("capital.csv", "unit,risk_type,ec,measure,confidence,horizon_years\nA,credit,3,var,0.999,1\nA,market,4,VAR,0.999,1\n");
        var (code, stdout, err) = Run("aggregate", "--capital", capital, "--correlation", File("c.csv", Identity), "--out", Out("a"));
        code.Should().Be(0, err);
        stdout.Should().Contain("every capital row is on var:0.999:1");
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Out("a/aggregate.json")));
        json.RootElement.GetProperty("total_ec").GetDouble().Should().BeApproximately(5.0, Closed * 5.0);
        json.RootElement.GetProperty("measure").GetProperty("common").GetString().Should().Be("var:0.999:1");
    }

    [Fact]
    public void Aggregate_MixedMeasures_Exit3NamingTheRowsAndWritingNothing()
    {
        string capital = File("capital.csv",
            "unit,risk_type,ec,measure,confidence,horizon_years\nA,credit,100,var,0.999,1\nA,market,10,es,0.975,0.04\nB,credit,50,var,0.999,1\nB,market,5,var,0.99,1\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", File("c.csv", Identity), "--out", Out("a"));
        code.Should().Be(3);
        err.Should().Contain("capital.csv:3: measure = es:0.975:0.04 differs from var:0.999:1 of line 2");
        err.Should().Contain("capital.csv:5: measure = var:0.99:1 differs from var:0.999:1 of line 2");
        err.Should().NotContain("capital.csv:4:");
        err.Should().Contain("--rescale-to");
        Directory.Exists(Out("a")).Should().BeFalse();
    }

    [Fact]
    public void Aggregate_RescaleTo_RestatesEachRowByTheNormalFactor()
    {
        // Market ES 97.5% over 10 days (0.04 years) restated as credit's VaR 99.9% over one year:
        // f = G(0.999) / (phi(G(0.975)) / 0.025 x sqrt(0.04)) = 6.6093; uncorrelated total = sqrt(100^2 + (10 f)^2).
        string capital = File("capital.csv", "unit,risk_type,ec,measure,confidence,horizon_years\nA,credit,100,var,0.999,1\nA,market,10,es,0.975,0.04\n");
        var (code, stdout, err) = Run("aggregate", "--capital", capital, "--correlation", File("c.csv", Identity), "--rescale-to", "var:0.999:1", "--out", Out("a"));
        code.Should().Be(0, err);
        double f = Z0999 / (Phi(Z0975) / 0.025 * 0.2);
        double total = Math.Sqrt((100.0 * 100.0) + (10.0 * f * 10.0 * f));
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Out("a/aggregate.json")));
        json.RootElement.GetProperty("total_ec").GetDouble().Should().BeApproximately(total, Closed * total);
        var measure = json.RootElement.GetProperty("measure");
        measure.GetProperty("basis").GetString().Should().Be("rescaled");
        measure.GetProperty("rows_rescaled").GetInt32().Should().Be(1);
        measure.GetProperty("assumption").GetString().Should().Contain("normal");
        stdout.Should().Contain("1 of 2 capital rows restated on var:0.999:1");

        var rows = System.IO.File.ReadAllLines(Out("a/capital_rescaled.csv"));
        rows[0].Should().Be("unit,risk_type,measure,confidence,horizon_years,ec,factor,ec_rescaled");
        rows[1].Should().Be("A,credit,var,0.999,1,100,1,100");
        double factor = double.Parse(rows[2].Split(',')[6], CultureInfo.InvariantCulture);
        factor.Should().BeApproximately(f, Closed * f);
        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllText(Out("a/manifest.json")));
        manifest.RootElement.GetProperty("parameters").GetProperty("rescale_to").GetString().Should().Be("var:0.999:1");
        manifest.RootElement.GetProperty("parameters").GetProperty("rows_rescaled").GetString().Should().Be("1");
    }

    [Fact]
    public void Aggregate_RescaleWithoutMeasureColumns_Exit3()
    {
        string capital = File("capital.csv", "unit,risk_type,ec\nA,credit,3\nA,market,4\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", File("c.csv", Identity), "--rescale-to", "es:0.999:1", "--out", Out("a"));
        code.Should().Be(3);
        err.Should().Contain("capital.csv").And.Contain("measure,confidence,horizon_years");
        Directory.Exists(Out("a")).Should().BeFalse();
    }

    [Fact]
    public void Aggregate_BadRescaleOption_Exit2()
    {
        string capital = File("capital.csv", "unit,risk_type,ec,measure,confidence,horizon_years\nA,credit,3,var,0.999,1\nA,market,4,var,0.999,1\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", File("c.csv", Identity), "--rescale-to", "es:1.5:1", "--out", Out("a"));
        code.Should().Be(2);
        err.Should().Contain("--rescale-to = es:1.5:1");
    }

    [Fact]
    public void Read_BadMeasureCells_Exit3WithLineColumnValueAndRule()
    {
        string capital = File("capital.csv",
            "unit,risk_type,ec,measure,confidence,horizon_years\nA,credit,3,cvar,0.999,1\nA,market,4,es,1.2,1\nB,credit,1,es,0.99,0\nB,market,1,es,,1\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", File("c.csv", Identity), "--out", Out("a"));
        code.Should().Be(3);
        err.Should().Contain("capital.csv:2: measure = cvar must be var or es");
        err.Should().Contain("capital.csv:3: confidence = 1.2 must be in (0.5, 1)");
        err.Should().Contain("capital.csv:4: horizon_years = 0 must be > 0");
        err.Should().Contain("capital.csv:5: confidence = (empty) is not a finite number");
    }

    [Fact]
    public void Read_SomeMeasureColumnsOnly_Exit3OnTheHeader()
    {
        string capital = File("capital.csv", "unit,risk_type,ec,measure\nA,credit,3,var\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", File("c.csv", Identity), "--out", Out("a"));
        code.Should().Be(3);
        err.Should().Contain("capital.csv:1: the measure columns measure, confidence, horizon_years come together: the header has measure but not confidence, horizon_years");
    }
}
