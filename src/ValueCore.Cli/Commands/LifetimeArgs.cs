using ValueCore.IO.Migration;
using ValueCore.Migration;
using ValueCore.Pricing;
using ValueCore.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary>The lifetime model's options, one vocabulary for <c>lifetime</c>, <c>price --lifetime</c> and
/// <c>scenario --measures lifetime</c>: --matrix, --default-states, --absorbing, --discount, --payments-per-year.</summary>
internal static class LifetimeArgs
{
    /// <summary>The option specs; <paramref name="paymentsPerYear"/> false where the command has its own --payments-per-year
    /// (price: the same meaning, its own default for the one-year price's transfer price), <paramref name="matrix"/> false where
    /// it has its own --matrix, --default-states and --absorbing (scenario: the same matrix).</summary>
    public static IEnumerable<OptionSpec> Specs(bool paymentsPerYear = true, bool matrix = true)
    {
        if (matrix)
        {
            yield return new("matrix", "FILE", "One-year migration matrix CSV (from,<states>): loans start in their classification and migrate (default: the flat pd every year).");
            yield return new("default-states", "LIST", "States of the matrix that count as default (default: the matrix's absorbing states).");
            yield return new("absorbing", "LIST", "Absorbing states of the matrix file (default: the last state).");
        }

        yield return new("discount", "RATE", "Annual discount rate of the lifetime model's yearly flows (default: the hurdle).");
        if (paymentsPerYear)
        {
            yield return new("payments-per-year", "N", "Principal payments a year of linear and annuity loans without a payments_per_year value (default 1).");
        }
    }

    /// <summary>The lifetime settings the options give (with the valuation options given), the inputs and parameters for the manifest.</summary>
    /// <exception cref="UsageException">A value is outside its range, a default state is not a state of the matrix, or
    /// --default-states / --absorbing is given without --matrix.</exception>
    public static LifetimeOptions Read(CliArgs args, Portfolio.ValuationOptions valuation, List<(string Role, string Path)> inputs, List<(string Name, string Value)> parameters)
    {
        TransitionMatrix? matrix = null;
        if (args.Get("matrix") is not null)
        {
            string path = args.RequireFile("matrix");
            inputs.Add(("matrix", path));
            var read = MigrationCsv.ReadOneYearMatrix(path, args.GetList("absorbing"), new List<string>());
            var given = args.GetList("default-states");
            IReadOnlyList<string> defaults = given.Count > 0 ? given : [.. Enumerable.Range(0, read.Count).Where(read.States.IsAbsorbing).Select(i => read.States[i])];
            try
            {
                matrix = DefaultStates.Absorb(read, defaults);
            }
            catch (ArgumentException e)
            {
                throw new UsageException("--default-states: " + PlainText.Message(e));
            }

            parameters.Add(("default_states", string.Join(',', defaults)));
        }
        else if (args.Has("default-states") || args.Has("absorbing"))
        {
            throw new UsageException("--default-states and --absorbing need --matrix");
        }

        return new LifetimeOptions
        {
            Valuation = valuation,
            Matrix = matrix,
            DiscountRate = args.GetDoubleOrNull("discount", -0.999999, 10.0),
            PaymentsPerYear = args.GetInt("payments-per-year", 1, 1, TransferPricing.MaxPaymentsPerYear),
        };
    }
}
