using System.Xml.Linq;
using ValueCore.Batch.Reports;

namespace ValueCore.Tests.Reports;

/// <summary>The report's number formats, its bounded pass over loans.csv and its SVG charts, on closed-form cases.</summary>
public sealed class ReportPartsTests
{
    [Theory]
    [InlineData(1234567.5, "1,234,568")] // whole units, half away from zero
    [InlineData(-1234567.4, "-1,234,567")]
    [InlineData(-0.4, "0")] // never "-0"
    [InlineData(double.NaN, "n/a")]
    public void Amount_Value_WholeUnitsWithThousandsSeparators(double value, string expected) =>
        ReportNumbers.Amount(value).Should().Be(expected);

    [Theory]
    [InlineData(0.1677278749943766, "16.77%")]
    [InlineData(-0.05, "-5.00%")]
    [InlineData(12.5, "1,250.00%")]
    public void Percent_Fraction_TwoDecimalsOfItsPercent(double value, string expected) =>
        ReportNumbers.Percent(value).Should().Be(expected);

    [Fact]
    public void Amount_WithCurrency_AppendsTheCode() => ReportNumbers.Amount(1e6, "EUR").Should().Be("1,000,000 EUR");

    [Fact]
    public void LoanPass_Read_CountsEveryLoanOnceAndKeepsTheTenExtremes()
    {
        using var temp = new TempFolder();
        // RAROC -0.6 lies below the histogram [-50%, 200%), 2.2 above it, an empty RAROC is not defined, 0.12 falls in [0.10, 0.15).
        var lines = new List<string> { "loan_id,raroc,eva", "BELOW,-0.6,-100", "ABOVE,2.2,100", "UNDEF,,0", "MID,0.12,5" };
        lines.AddRange(Enumerable.Range(0, 20).Select(i => $"N{i:D2},0.0,{i - 10}"));
        var pass = LoanPass.Read(temp.File("loans.csv", string.Join('\n', lines) + "\n"));

        pass.Loans.Should().Be(24);
        pass.Below.Should().Be(1);
        pass.Above.Should().Be(1);
        pass.Undefined.Should().Be(1);
        pass.Counts.Sum().Should().Be(21, "every loan with a RAROC inside [-50%, 200%) is in one bin");
        int mid = Array.FindIndex(pass.Lower, l => Math.Abs(l - 0.10) < 1e-12);
        pass.Counts[mid].Should().Be(1);
        pass.Destroyers.Select(d => d.Id).Should().Equal("BELOW", "N00", "N01", "N02", "N03", "N04", "N05", "N06", "N07", "N08");
        pass.Creators.Select(d => d.Id).Should().Equal("ABOVE", "N19", "N18", "N17", "N16", "MID", "N15", "N14", "N13", "N12");
    }

    public static TheoryData<string> Charts => new()
    {
        SvgChart.Bars("b <&>", ["a", "b", "c"], [1, -2, 3], ReportNumbers.Short, 0.5, "hurdle"),
        SvgChart.HorizontalBars("h", ["a", "b"], [-1, 2], ReportNumbers.Short),
        SvgChart.Histogram("x", [0, 1], [1, 2], [3, 4], ReportNumbers.Short, ReportNumbers.Count, [("VaR", 1.5)]),
        SvgChart.Lines("l", [1, 2, 3], [("s", [1e-4, 1e-2, 0])], true, ReportNumbers.Short, ReportNumbers.Short, [("ES", 2.5)], ([1e-5, 1e-3, 0], [1e-3, 1e-1, 0])),
        SvgChart.Waterfall("w", "opening", 10, [("in", 5), ("out", -8)], "closing", 7, ReportNumbers.Short),
    };

    [Theory]
    [MemberData(nameof(Charts))]
    public void Chart_AnyKind_IsWellFormedSvgWithoutExternalReference(string svg)
    {
        var root = XElement.Parse(svg);
        root.Name.LocalName.Should().Be("svg");
        svg.Should().NotContain("http").And.NotContain("href").And.NotContain("NaN").And.NotContain("Infinity");
    }

    [Fact]
    public void Lines_LogY_PlacesEachDecadeAtEqualSpacing()
    {
        // On a log-10 axis 1e-4, 1e-3 and 1e-2 lie at equal vertical distances.
        string svg = SvgChart.Lines("l", [1, 2, 3], [("s", [1e-4, 1e-3, 1e-2])], true, ReportNumbers.Short, ReportNumbers.Short);
        var points = XElement.Parse(svg).Descendants("polyline").Single().Attribute("points")!.Value.Split(' ')
            .Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        (points[0] - points[1]).Should().BeApproximately(points[1] - points[2], 0.02);
        points[0].Should().BeGreaterThan(points[2], "a larger value is higher on the page");
    }

    [Fact]
    public void Waterfall_Steps_FloatFromTheRunningLevel()
    {
        // opening 10, +5, -8, closing 7: the second step spans 15 down to 7, so its bar is as tall as the closing bar plus 1.
        string svg = SvgChart.Waterfall("w", "opening", 10, [("in", 5), ("out", -8)], "closing", 7, ReportNumbers.Short);
        var heights = XElement.Parse(svg).Descendants("rect").Select(r => double.Parse(r.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        heights.Should().HaveCount(4);
        (heights[2] / heights[0]).Should().BeApproximately(8.0 / 10, 0.01);
        (heights[3] / heights[0]).Should().BeApproximately(7.0 / 10, 0.01);
    }
}
