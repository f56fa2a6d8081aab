using FluentAssertions;
using ValueCore.Cli;
using Xunit;

namespace ValueCore.Tests.Cli;

/// <summary>The one progress renderer: its line, its throttle and when it stays quiet, with a fake clock.</summary>
public sealed class ProgressTests
{
    [Fact]
    public void Line_QuarterDoneAfterTenSeconds_SaysDoneOfTotalAndThirtySecondsLeft()
    {
        var p = new Progress(new StringWriter(), "raroc: valuing the book", 1000, "bytes", () => TimeSpan.Zero);

        // A quarter done in 10 s: three quarters left at the same pace take 30 s.
        p.Line(250, TimeSpan.FromSeconds(10)).Should().Be("raroc: valuing the book: 250 / 1,000 bytes (25%), 30 s left");
        p.Line(0, TimeSpan.FromSeconds(3)).Should().Be("raroc: valuing the book: 0 / 1,000 bytes (0%), time left not known yet");
    }

    [Fact]
    public void Line_WithDetail_DetailAfterTheShareBeforeTheTimeLeft()
    {
        // The cluster option's line: blocks done of the total, the silos alive, the time left (12 of 48 in 10 s: 30 s left).
        var p = new Progress(new StringWriter(), "capital: simulating on the cluster", 48, "blocks", () => TimeSpan.Zero) { Detail = "3 silos alive" };

        p.Line(12, TimeSpan.FromSeconds(10)).Should().Be("capital: simulating on the cluster: 12 / 48 blocks (25%), 3 silos alive, 30 s left");
    }

    [Theory]
    [InlineData(0.2, "1 s")]
    [InlineData(59, "59 s")]
    [InlineData(125, "2 min 05 s")]
    [InlineData(3725, "1 h 02 min")]
    public void Duration_Seconds_ReadableText(double seconds, string expected) => Progress.Duration(seconds).Should().Be(expected);

    [Fact]
    public void Report_WithinOneInterval_DrawsOnceAndDoneClearsTheLine()
    {
        var now = TimeSpan.Zero;
        var error = new StringWriter();
        var p = new Progress(error, "capital: simulating", 100, "scenarios", () => now);

        now = TimeSpan.FromSeconds(0.5);
        p.Report(10);
        error.ToString().Should().BeEmpty("nothing is drawn in the first interval");

        now = TimeSpan.FromSeconds(1);
        p.Report(20);
        error.ToString().Should().Be("\rcapital: simulating: 20 / 100 scenarios (20%), 4 s left");

        now = TimeSpan.FromSeconds(1.5);
        p.Report(30);
        error.ToString().Should().Be("\rcapital: simulating: 20 / 100 scenarios (20%), 4 s left", "throttled: at most one draw an interval");

        now = TimeSpan.FromSeconds(2);
        p.Report(50);
        error.ToString().Should().EndWith("\rcapital: simulating: 50 / 100 scenarios (50%), 2 s left");

        p.Done();
        string line = "capital: simulating: 50 / 100 scenarios (50%), 2 s left";
        error.ToString().Should().EndWith("\r" + new string(' ', line.Length) + "\r");
    }

    [Fact]
    public void For_NotATerminalOrQuiet_IsNull()
    {
        var spec = new CommandSpec("x", "", [new OptionSpec("quiet", null, "")], (_, _) => 0);
        var loud = CliArgs.Parse([], spec);
        var quiet = CliArgs.Parse(["--quiet"], spec);
        var terminal = new CliContext(new StringWriter(), new StringWriter()) { ErrorIsTerminal = true };
        var redirected = new CliContext(new StringWriter(), new StringWriter());

        Progress.For(terminal, loud, "x", 10, "rows").Should().NotBeNull();
        Progress.For(terminal, quiet, "x", 10, "rows").Should().BeNull();
        Progress.For(redirected, loud, "x", 10, "rows").Should().BeNull();
    }
}
