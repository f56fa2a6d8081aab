using System.Globalization;
using ValueCore.IO;
using ValueCore.Performance;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore eva</c>: bank-level EVA from financial-statement figures, each adjustment shown.</summary>
internal static class EvaCommand
{
    public static CommandSpec Spec { get; } = new(
        "eva",
        "Bank-level EVA from statement figures (NOPAT, capital, cost of capital) with the usual bank adjustments.",
        [
            new("statements", "FILE", "CSV item,amount: nopat, capital, cost_of_capital; optional tax_rate, provision_charge, net_write_offs, loan_loss_reserve, ...", Required: true),
            new("out", "DIR", "Output folder.", Required: true),
        ],
        Run,
        "Writes DIR/eva.csv: reported NOPAT and capital, each adjustment, adjusted figures, capital charge, EVA.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        var statement = BankStatementCsv.Read(args.RequireFile("statements"));
        BankEvaResult result;
        try
        {
            result = BankEva.Compute(statement);
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException($"{Path.GetFileName(args.Require("statements"))}: {e.Message.Split(" (Parameter")[0]}");
        }

        using (var output = new OutputDirectory(args.Require("out"), [args.Require("statements")]))
        {
            using (var w = output.CreateText("eva.csv"))
            {
                BankStatementCsv.Write(w, result);
            }

            RiskManifest.Write(output, "eva", [], [("statements", args.Require("statements"), File.ReadLines(args.Require("statements")).Skip(1).LongCount(l => l.Length > 0))]);

            output.Commit();
        }

        var inv = CultureInfo.InvariantCulture;
        var o = ctx.Out;
        o.WriteLine(string.Create(inv, $"valuecore eva: reported NOPAT {result.ReportedNopat:N2}, capital {result.ReportedCapital:N2}"));
        foreach (var a in result.Adjustments)
        {
            o.WriteLine(string.Create(inv, $"  {a.Item,-24} NOPAT {a.Nopat,+14:N2}  capital {a.Capital,+14:N2}"));
        }

        o.WriteLine(string.Create(inv, $"  adjusted NOPAT {result.Nopat:N2}, capital {result.Capital:N2}, return {result.ReturnOnCapital:P2} vs cost of capital {result.CostOfCapital:P2}"));
        o.WriteLine(string.Create(inv, $"  EVA {result.Eva:N2} (before adjustments {result.ReportedEva:N2})"));
        return ExitCodes.Success;
    }
}
