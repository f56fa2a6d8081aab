using ValueCore.Schedules;

namespace ValueCore.Tests.Schedules;

public class ContractualScheduleTests
{
    private const double Cent = 0.005;
    private const double Tight = 1e-8;

    private static LoanTerms Terms(Amortisation a, PaymentFrequency f, double rate = 0.06) => new()
    {
        StartDate = new(2021, 12, 31), MaturityDate = new(2031, 12, 31), Principal = 1_000_000, AnnualRate = rate, Amortisation = a, Frequency = f,
    };

    [Fact]
    public void Build_MonthlyAnnuity_MatchesClosedFormPayment()
    {
        // Level payment A = P r / (1 - (1 + r)^-n), r = 0.06 / 12, n = 120: 11,102.05 (standard mortgage table value).
        var s = ContractualSchedule.Build(Terms(Amortisation.Annuity, PaymentFrequency.Monthly));
        double r = 0.005, expected = 1_000_000 * r / (1 - Math.Pow(1 + r, -120));
        s.Count.Should().Be(120);
        expected.Should().BeApproximately(11_102.05, Cent);
        for (int k = 0; k < s.Count; k++)
        {
            s.Payment(k).Should().BeApproximately(expected, Tight);
        }

        s.Outstanding[^1].Should().Be(0.0);
        s.Principal.ToArray().Sum().Should().BeApproximately(1_000_000, Tight);
        s.Dates[^1].Should().Be(new DateOnly(2031, 12, 31));
        s.Dates[0].Should().Be(new DateOnly(2022, 1, 31));
        s.Dates[1].Should().Be(new DateOnly(2022, 2, 28)); // month-end maturity keeps month ends
    }

    [Fact]
    public void Build_ZeroRateAnnuity_RepaysPrincipalOverN()
    {
        var s = ContractualSchedule.Build(Terms(Amortisation.Annuity, PaymentFrequency.Annual, rate: 0.0));
        s.Count.Should().Be(10);
        foreach (var p in s.Principal)
        {
            p.Should().BeApproximately(100_000, Tight);
        }
    }

    [Fact]
    public void Build_QuarterlyLinear_EqualPrincipalAndInterestOnBalance()
    {
        var s = ContractualSchedule.Build(Terms(Amortisation.Linear, PaymentFrequency.Quarterly));
        s.Count.Should().Be(40);
        double balance = 1_000_000;
        for (int k = 0; k < s.Count; k++)
        {
            s.Principal[k].Should().BeApproximately(25_000, Tight);
            s.Interest[k].Should().BeApproximately(balance * 0.015, Tight);
            balance -= 25_000;
        }
    }

    [Fact]
    public void Build_SemiAnnualBullet_InterestOnlyThenPrincipal()
    {
        var s = ContractualSchedule.Build(Terms(Amortisation.Bullet, PaymentFrequency.SemiAnnual));
        s.Count.Should().Be(20);
        for (int k = 0; k < s.Count - 1; k++)
        {
            s.Principal[k].Should().Be(0.0);
            s.Interest[k].Should().BeApproximately(30_000, Tight);
        }

        s.Payment(19).Should().BeApproximately(1_030_000, Tight);
    }

    [Fact]
    public void Build_IrregularStart_HasShortFrontStubAccruedByDayCount()
    {
        var terms = Terms(Amortisation.Bullet, PaymentFrequency.Annual) with { StartDate = new(2022, 10, 31), StubDayCount = DayCount.Act365Fixed };
        var s = ContractualSchedule.Build(terms);
        s.Dates[0].Should().Be(new DateOnly(2022, 12, 31));
        s.Interest[0].Should().BeApproximately(1_000_000 * 0.06 * 61 / 365.0, Tight);
        s.Count.Should().Be(10);
    }

    [Fact]
    public void Build_MaturityNotAfterStart_Throws() =>
        FluentActions.Invoking(() => ContractualSchedule.Build(Terms(Amortisation.Annuity, PaymentFrequency.Monthly) with { MaturityDate = new(2021, 12, 31) }))
            .Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void Build_NonPositivePrincipal_Throws() =>
        FluentActions.Invoking(() => ContractualSchedule.Build(Terms(Amortisation.Annuity, PaymentFrequency.Monthly) with { Principal = 0 }))
            .Should().Throw<ArgumentOutOfRangeException>();
}
