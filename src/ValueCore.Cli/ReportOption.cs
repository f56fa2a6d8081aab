using ValueCore.Batch.Reports;

namespace ValueCore.Cli;

/// <summary>
/// <c>--report</c> and <c>--currency</c>, on every command that writes an output folder: after a successful run, a
/// self-contained <c>report.html</c> in the folder (docs/reports.md); its warnings also go to the error stream.
/// </summary>
internal static class ReportOption
{
    private static readonly OptionSpec s_report = new("report", null, "Also write DIR/report.html: one self-contained HTML report (tables, charts, totals, inputs' SHA-256; docs/reports.md).");
    private static readonly OptionSpec s_currency = new("currency", "CODE", "ISO 4217 currency code shown on the report's amounts (three letters, e.g. EUR); needs --report.");

    /// <summary>The command with <c>--report</c> and <c>--currency</c> among its options when it writes an output folder (<c>--out DIR</c>).</summary>
    public static CommandSpec With(CommandSpec command) =>
        command.Options.Any(o => o.Name == "out" && o.ValueName == "DIR") && !command.Options.Any(o => o.Name == s_report.Name)
            ? command with { Options = [.. command.Options, s_report, s_currency] }
            : command;

    /// <summary>Checks <c>--currency</c> before the run: three letters A-Z, and only with <c>--report</c>.</summary>
    /// <exception cref="UsageException">The code is not three upper-case letters, or there is no <c>--report</c>.</exception>
    public static void Check(CliArgs args)
    {
        if (args.Get(s_currency.Name) is not string code)
        {
            return;
        }

        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            throw new UsageException($"--currency = {code} must be an ISO 4217 code: three upper-case letters, e.g. EUR");
        }

        if (!args.Has(s_report.Name))
        {
            throw new UsageException("--currency applies to the report: add --report");
        }
    }

    /// <summary>Writes the report of a successful run when <c>--report</c> is given; prints its warnings on the error stream.</summary>
    public static void WriteIfAsked(CommandSpec command, CliArgs args, CliContext context)
    {
        if (!args.Has(s_report.Name))
        {
            return;
        }

        string folder = args.Require("out");
        foreach (string warning in RunReport.Write(folder, command.Name, args.Get(s_currency.Name)))
        {
            context.Error.WriteLine($"valuecore {command.Name}: {warning}");
        }

        context.Out.WriteLine($"  report in {Path.GetFullPath(Path.Combine(folder, RunReport.FileName))}");
    }
}
