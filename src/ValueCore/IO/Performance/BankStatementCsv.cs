using ValueCore.Internal;
using ValueCore.Performance;

namespace ValueCore.IO;

/// <summary>Reads the statement figures of a bank-level EVA: a CSV with header <c>item,amount</c>, one item a line.</summary>
/// <remarks>Items: <c>nopat</c>, <c>capital</c>, <c>cost_of_capital</c> (required); <c>tax_rate</c>,
/// <c>provision_charge</c>, <c>net_write_offs</c>, <c>loan_loss_reserve</c>, <c>deferred_tax_increase</c>,
/// <c>deferred_tax_reserve</c>, <c>non_recurring_charges</c>, <c>accumulated_non_recurring_charges</c>,
/// <c>goodwill_amortisation</c>, <c>accumulated_goodwill_amortisation</c> (optional; see <see cref="BankEva"/>).
/// Unknown or repeated items, bad numbers and missing items are errors naming the file and line; all are listed.</remarks>
public static class BankStatementCsv
{
    /// <summary>The item names the file may hold.</summary>
    public static IReadOnlyList<string> Items { get; } =
    [
        "nopat", "capital", "cost_of_capital", "tax_rate", "provision_charge", "net_write_offs", "loan_loss_reserve", "deferred_tax_increase",
        "deferred_tax_reserve", "non_recurring_charges", "accumulated_non_recurring_charges", "goodwill_amortisation", "accumulated_goodwill_amortisation",
    ];

    /// <summary>Reads a statement.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="DataValidationException">The file breaks a rule (every problem listed).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static BankStatement Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = CsvTableReader.Open(path);
        var log = reader.Log;
        int item = reader.Require("item"), amount = reader.Require("amount");
        log.ThrowIfAny();
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Next())
        {
            bool ok = true;
            string name = reader.Text(item);
            // Every item but the two rates is an amount, within the amount bound (docs/conventions.md, "Value bounds").
            double v = reader.Number(amount, true, double.NaN, name is "cost_of_capital" or "tax_rate" ? null : AmountBound.Check, ref ok);
            if (!Items.Contains(name))
            {
                log.Add(reader.Line, "item", name, $"is not a statement item (known: {string.Join(", ", Items)})");
            }
            else if (lines.TryGetValue(name, out long first))
            {
                log.Add(reader.Line, "item", name, $"repeats the item of line {first}");
            }
            else if (ok)
            {
                values[name] = v;
                lines[name] = reader.Line;
            }
            else
            {
                lines[name] = reader.Line;
            }
        }

        foreach (string required in (string[])["nopat", "capital", "cost_of_capital"])
        {
            if (!lines.ContainsKey(required))
            {
                log.Add(0, "", "", $"the required item '{required}' is missing");
            }
        }

        log.ThrowIfAny();
        double? Get(string name) => values.TryGetValue(name, out double v) ? v : null;
        var statement = new BankStatement
        {
            NetOperatingProfitAfterTax = values["nopat"],
            Capital = values["capital"],
            CostOfCapital = values["cost_of_capital"],
            TaxRate = Get("tax_rate"),
            ProvisionCharge = Get("provision_charge"),
            NetWriteOffs = Get("net_write_offs"),
            LoanLossReserve = Get("loan_loss_reserve"),
            DeferredTaxIncrease = Get("deferred_tax_increase"),
            DeferredTaxReserve = Get("deferred_tax_reserve"),
            NonRecurringCharges = Get("non_recurring_charges"),
            AccumulatedNonRecurringCharges = Get("accumulated_non_recurring_charges"),
            GoodwillAmortisation = Get("goodwill_amortisation"),
            AccumulatedGoodwillAmortisation = Get("accumulated_goodwill_amortisation"),
        };
        foreach (string problem in BankEva.Problems(statement))
        {
            string name = problem.Split(' ')[0];
            log.Add(lines.GetValueOrDefault(name), "", "", problem);
        }

        log.ThrowIfAny();
        return statement;
    }

    /// <summary>Writes <c>eva.csv</c>: line, amount, description, from the reported figures through each adjustment to EVA.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="result">The bank-level EVA.</param>
    public static void Write(TextWriter writer, BankEvaResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        void Line(string name, double amount, string description) =>
            CsvText.WriteLine(writer, CsvText.Field(name), CsvText.Number(amount), CsvText.Field(description));
        CsvText.WriteLine(writer, "line", "amount", "description");
        Line("reported_nopat", result.ReportedNopat, "net operating profit after tax as reported");
        foreach (var a in result.Adjustments)
        {
            Line("nopat_adjustment:" + a.Item, a.Nopat, a.Description);
        }

        Line("nopat", result.Nopat, "adjusted NOPAT");
        Line("reported_capital", result.ReportedCapital, "capital as reported");
        foreach (var a in result.Adjustments)
        {
            Line("capital_adjustment:" + a.Item, a.Capital, a.Description);
        }

        Line("capital", result.Capital, "adjusted capital");
        Line("cost_of_capital", result.CostOfCapital, "annual cost of capital");
        Line("capital_charge", result.CapitalCharge, "cost of capital x adjusted capital");
        Line("eva", result.Eva, "adjusted NOPAT - capital charge");
        Line("return_on_capital", result.ReturnOnCapital, "adjusted NOPAT / adjusted capital");
        Line("spread", result.ReturnOnCapital - result.CostOfCapital, "return on capital - cost of capital");
        Line("reported_eva", result.ReportedEva, "EVA before adjustments: reported NOPAT - cost of capital x reported capital");
    }
}
