using System.Globalization;
using ValueCore.Performance;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Performance;

/// <summary>Issue 16's rule for the bank-level EVA: a statement built in memory through <see cref="BankEva.Compute"/>
/// gives exactly the figures <c>valuecore eva</c> writes for the same statement read from a file.</summary>
public class BankEvaEngineTests
{
    [Fact]
    public void Compute_StatementInMemory_EqualsEveryLineTheCliWrites()
    {
        var statement = new BankStatement
        {
            NetOperatingProfitAfterTax = 66.54, Capital = 320, CostOfCapital = 0.12, TaxRate = 0.4, ProvisionCharge = 30, NetWriteOffs = 22,
            LoanLossReserve = 100, DeferredTaxIncrease = 3.5, DeferredTaxReserve = 41, NonRecurringCharges = 7.25,
            AccumulatedNonRecurringCharges = 19, GoodwillAmortisation = 2, AccumulatedGoodwillAmortisation = 12,
        };
        using var temp = new TempFolder();
        string statements = temp.File("statements.csv",
            "item,amount\nnopat,66.54\ncapital,320\ncost_of_capital,0.12\ntax_rate,0.4\nprovision_charge,30\nnet_write_offs,22\nloan_loss_reserve,100\n"
            + "deferred_tax_increase,3.5\ndeferred_tax_reserve,41\nnon_recurring_charges,7.25\naccumulated_non_recurring_charges,19\n"
            + "goodwill_amortisation,2\naccumulated_goodwill_amortisation,12\n");
        var (code, _, error) = CliRunner.Run("eva", "--statements", statements, "--out", temp.Combine("e"));
        code.Should().Be(0, error);
        var written = File.ReadAllLines(temp.Combine("e", "eva.csv")).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));

        var result = BankEva.Compute(statement);

        written["reported_nopat"].Should().Be(result.ReportedNopat);
        written["nopat"].Should().Be(result.Nopat);
        written["reported_capital"].Should().Be(result.ReportedCapital);
        written["capital"].Should().Be(result.Capital);
        written["capital_charge"].Should().Be(result.CapitalCharge);
        written["eva"].Should().Be(result.Eva);
        written["return_on_capital"].Should().Be(result.ReturnOnCapital);
        written["reported_eva"].Should().Be(result.ReportedEva);
        result.Adjustments.Should().NotBeEmpty();
        foreach (var a in result.Adjustments)
        {
            written["nopat_adjustment:" + a.Item].Should().Be(a.Nopat, a.Item);
            written["capital_adjustment:" + a.Item].Should().Be(a.Capital, a.Item);
        }

        // Independent of both paths: EVA is adjusted NOPAT less the cost of capital on adjusted capital.
        result.Eva.Should().BeApproximately(result.Nopat - (0.12 * result.Capital), 1e-9);
    }
}
