using ValueCore.Capital;

namespace ValueCore.Tests.Capital;

public sealed class OutputFloorTests
{
    private const double Tolerance = 1e-9; // hand arithmetic on round numbers

    [Theory]
    // BCBS, Basel Framework RBC90.2 (transitional arrangements of the output floor, dates after the March 2020 deferral);
    // the same percentages, one year earlier, in "Basel III: Finalising post-crisis reforms" (December 2017), output floor section.
    [InlineData(2023, 0.50)]
    [InlineData(2024, 0.55)]
    [InlineData(2025, 0.60)]
    [InlineData(2026, 0.65)]
    [InlineData(2027, 0.70)]
    [InlineData(2028, 0.725)]
    [InlineData(2040, 0.725)]
    public void PhaseIn_Year_ReturnsTheStandardsPercentage(int year, double expected)
    {
        OutputFloor.PhaseIn(year).Should().Be(expected);
        OutputFloorOptions.ForYear(year).Floor.Should().Be(expected);
    }

    [Fact]
    public void PhaseIn_BeforeTheFirstYear_Throws()
    {
        var act = () => OutputFloor.PhaseIn(2022);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*2023*");
    }

    [Fact]
    public void Apply_FloorBinds_AddOnAllocatedProRataToStandardisedRwa()
    {
        // By hand: group A IRB 300, SA 600; group B IRB 100, SA 400. Bank IRB 400, SA 1,000; 72.5% x 1,000 = 725 > 400, so
        // floored RWA = 725, add-on = 325. Pro rata to SA RWA: A 325 x 600/1,000 = 195, B 325 x 400/1,000 = 130.
        // Floored by group: A 300 + 195 = 495, B 100 + 130 = 230 (sum 725).
        var r = OutputFloor.Apply([300.0, 100.0], [600.0, 400.0], null);
        r.RwaIrb.Should().Be(400);
        r.RwaSa.Should().Be(1_000);
        r.RwaFloored.Should().BeApproximately(725, Tolerance);
        r.AddOn.Should().BeApproximately(325, Tolerance);
        r.IsBinding.Should().BeTrue();
        r.GroupAddOn[0].Should().BeApproximately(195, Tolerance);
        r.GroupAddOn[1].Should().BeApproximately(130, Tolerance);
        r.GroupRwaFloored[0].Should().BeApproximately(495, Tolerance);
        r.GroupRwaFloored[1].Should().BeApproximately(230, Tolerance);
    }

    [Fact]
    public void Apply_ShortfallKey_ChargesOnlyGroupsBelowTheFloor()
    {
        // Same book at floor 0.5: 0.5 x 1,000 = 500 > 400, add-on 100. Shortfalls: A max(0, 300 - 300) = 0,
        // B max(0, 200 - 100) = 100; so B takes all 100 and A none.
        var r = OutputFloor.Apply([300.0, 100.0], [600.0, 400.0], new OutputFloorOptions { Floor = 0.5, Allocation = OutputFloorAllocation.Shortfall });
        r.AddOn.Should().BeApproximately(100, Tolerance);
        r.GroupAddOn.Should().Equal(0.0, 100.0);
    }

    [Fact]
    public void Apply_FloorDoesNotBind_NoAddOn()
    {
        // IRB 800 against 72.5% x 1,000 = 725: the models' RWA stand.
        var r = OutputFloor.Apply([500.0, 300.0], [600.0, 400.0], null);
        r.RwaFloored.Should().Be(800);
        r.AddOn.Should().Be(0);
        r.IsBinding.Should().BeFalse();
        r.GroupAddOn.Should().Equal(0.0, 0.0);
    }

    [Fact]
    public void Apply_PerLoanWithGroupIndex_EqualsTheGroupTotalsOverload()
    {
        // The per-loan overload sums loans into groups: loans (IRB, SA, group) (100, 250, 0), (200, 350, 0), (100, 400, 1).
        var perLoan = OutputFloor.Apply([100.0, 200.0, 100.0], [250.0, 350.0, 400.0], [0, 0, 1], 2, null);
        var totals = OutputFloor.Apply([300.0, 100.0], [600.0, 400.0], null);
        perLoan.GroupRwaIrb.Should().Equal(totals.GroupRwaIrb);
        perLoan.GroupAddOn.Should().Equal(totals.GroupAddOn);
        perLoan.RwaFloored.Should().Be(totals.RwaFloored);
    }

    [Theory]
    [InlineData(OutputFloorAllocation.StandardisedRwa)]
    [InlineData(OutputFloorAllocation.Shortfall)]
    public void Apply_RandomGroups_AllocationsSumToTheAddOnWithinOneUlp(OutputFloorAllocation key)
    {
        // Invariant: the allocated add-ons, summed in group order, give the bank's add-on (at most one unit in the last place off).
        var random = new Random(20);
        for (int trial = 0; trial < 500; trial++)
        {
            int groups = random.Next(1, 40);
            var irb = new double[groups];
            var sa = new double[groups];
            for (int g = 0; g < groups; g++)
            {
                sa[g] = random.NextDouble() * Math.Pow(10, random.Next(0, 10));
                irb[g] = sa[g] * random.NextDouble() * 0.9;
            }

            var r = OutputFloor.Apply(irb, sa, new OutputFloorOptions { Allocation = key });
            double sum = 0.0;
            foreach (double a in r.GroupAddOn)
            {
                a.Should().BeGreaterThanOrEqualTo(0.0);
                sum += a;
            }

            Math.Abs(sum - r.AddOn).Should().BeLessThanOrEqualTo(Math.BitIncrement(r.AddOn) - r.AddOn, $"trial {trial}");
        }
    }

    [Fact]
    public void Apply_NegativeRwa_Throws()
    {
        var act = () => OutputFloor.Apply([-1.0], [1.0], null);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Apply_GroupIndexOutOfRange_Throws()
    {
        var act = () => OutputFloor.Apply([1.0], [1.0], [2], 2, null);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
