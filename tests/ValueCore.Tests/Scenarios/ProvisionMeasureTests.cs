using ValueCore.Capital;
using ValueCore.Migration;
using ValueCore.Numerics;
using ValueCore.Portfolio;
using ValueCore.Provisions;
using ValueCore.Scenarios;

namespace ValueCore.Tests.Scenarios;

public class ProvisionMeasureTests
{
    private const double ClosedFormTolerance = 1e-12;

    /// <summary>Relative slack for "never lower" comparisons: the curves of different matrices round differently in the last bits.</summary>
    private const double RoundingSlack = 1e-12;

    private static readonly StateSpace s_abd = StateSpace.Create(["A", "B", "D"], ["D"]);

    private static TransitionMatrix ThreeStates() => TransitionMatrix.Create(s_abd, new[,] { { 0.9, 0.08, 0.02 }, { 0.1, 0.7, 0.2 }, { 0, 0, 1 } });

    /// <summary>A stochastically monotone matrix (each worse row puts more mass on every tail of worse states).</summary>
    private static TransitionMatrix Monotone() => TransitionMatrix.Create(StateSpace.Create(["A", "B", "C", "D"], ["D"]), new[,]
    {
        { 0.90, 0.07, 0.02, 0.01 },
        { 0.05, 0.85, 0.07, 0.03 },
        { 0.01, 0.09, 0.80, 0.10 },
        { 0, 0, 0, 1 },
    });

    private static LoanBook Book(params (string Id, string Segment, string State, double Ead, double Lgd)[] loans)
    {
        var b = new LoanBookBuilder();
        foreach (var (id, segment, state, ead, lgd) in loans)
        {
            b.Add(new Loan { LoanId = id, Segment = segment, AssetClass = AssetClass.RetailOther, Ead = ead, Pd = 0.01, Lgd = lgd, Rate = 0.05, FtpRate = 0.02, Classification = state });
        }

        return b.Build();
    }

    /// <summary>Nine loans over the monotone matrix: every performing state, terms of 1 to 10 years, all profiles, some with an origination PD.</summary>
    private static (LoanBook Book, ProvisionTerms Terms) MonotoneBook()
    {
        var book = Book(("a1", "x", "A", 1000, 0.4), ("a2", "x", "A", 2000, 0.3), ("a3", "y", "A", 500, 0.6), ("b1", "x", "B", 1000, 0.4),
            ("b2", "y", "B", 800, 0.45), ("c1", "y", "C", 1200, 0.5), ("c2", "x", "C", 300, 0.2), ("d1", "y", "D", 400, 0.5), ("a4", "x", "A", 900, 0.35));
        var terms = ProvisionTerms.Create(
            eir: [0.05, 0.03, 0.08, 0.05, 0.02, 0.06, 0.04, 0.05, 0.07],
            profile: [EadProfile.Bullet, EadProfile.Annuity, EadProfile.Linear, EadProfile.Annuity, EadProfile.Bullet, EadProfile.Linear, EadProfile.Bullet, EadProfile.Bullet, EadProfile.Annuity],
            remainingYears: [2, 10, 3.5, 7, 1, 4.25, 0.5, 2, 6],
            originationPD: [0.05, 0.2, double.NaN, 0.3, double.NaN, 0.6, double.NaN, double.NaN, 0.04]);
        return (book, terms);
    }

    private static ScenarioProvisions Run(LoanBook book, ProvisionTerms terms, ProvisionMeasureOptions options, Scenario scenario) =>
        new ProvisionMeasure(terms, options).Measure(scenario.Apply(book));

    [Fact]
    public void Measure_Baseline_EqualsTheClosedFormEcl()
    {
        // IFRScommunity-style two-year bullet loan (docs/provisions.md): C_A(1) = 0.02, C_A(2) = 0.02 + 0.9 x 0.02 + 0.08 x 0.2 = 0.054;
        // ECL_12m = LGD EAD 0.02 / 1.05, ECL_life = LGD EAD (0.02 / 1.05 + 0.034 / 1.05^2); a defaulted loan: LGD x EAD, stage 3.
        var book = Book(("L1", "r", "A", 1000, 0.4), ("L2", "r", "A", 1000, 0.4), ("L3", "r", "D", 500, 0.4));
        var terms = ProvisionTerms.Create([0.05, 0.05, 0.05], [EadProfile.Bullet, EadProfile.Bullet, EadProfile.Bullet], [2, 2, 2],
            daysPastDue: [0, 45, double.NaN]);
        var p = Run(book, terms, new ProvisionMeasureOptions { Matrix = ThreeStates() }, Scenario.Baseline);
        double ecl12 = 0.4 * 1000 * 0.02 / 1.05;
        double eclLife = 0.4 * 1000 * ((0.02 / 1.05) + (0.034 / (1.05 * 1.05)));
        p.Stage.ToArray().Should().Equal(1, 2, 3);
        p.Reason.ToArray().Should().Equal(StageReason.Performing, StageReason.DaysPastDue30, StageReason.DefaultState);
        p.Ecl[0].Should().BeApproximately(ecl12, ClosedFormTolerance);
        p.Ecl[1].Should().BeApproximately(eclLife, ClosedFormTolerance);
        p.Ecl[2].Should().BeApproximately(200, ClosedFormTolerance);
        p.PDLifetime[0].Should().BeApproximately(0.054, ClosedFormTolerance);
    }

    [Fact]
    public void Measure_OneYearZShift_TwelveMonthPDIsTheConditionalClosedForm()
    {
        // Belkin-Suchower-Forest: the default column of row A conditioned on Z is N((G(0.02) - sqrt(rho) Z) / sqrt(1 - rho)).
        const double Rho = 0.1, Z = -1.5;
        var book = Book(("L1", "r", "A", 1000, 0.4));
        var terms = ProvisionTerms.Create([0.05], [EadProfile.Bullet], [1]);
        var p = Run(book, terms, new ProvisionMeasureOptions { Matrix = ThreeStates(), Rho = Rho }, Scenario.Named("down").MigrationZShift(Z).Build());
        double expected = NormalDistribution.Cdf((NormalDistribution.InverseCdf(0.02) - (Math.Sqrt(Rho) * Z)) / Math.Sqrt(1 - Rho));
        p.PD12Month[0].Should().BeApproximately(expected, ClosedFormTolerance);
        p.Ecl[0].Should().BeApproximately(0.4 * 1000 * expected / 1.05, ClosedFormTolerance);
    }

    [Fact]
    public void Measure_IdentityScenario_BitIdenticalToBaseline()
    {
        var (book, terms) = MonotoneBook();
        var options = new ProvisionMeasureOptions { Matrix = Monotone() };
        var measure = new ProvisionMeasure(terms, options);
        var baseline = measure.Measure(Scenario.Baseline.Apply(book));
        var identity = measure.Measure(Scenario.Named("id").Pd.Multiply(1).Lgd.Add(0).Ead.Multiply(1).Build().Apply(book));
        identity.Ecl.ToArray().Should().Equal(baseline.Ecl.ToArray());
        identity.Stage.ToArray().Should().Equal(baseline.Stage.ToArray());
        identity.PDLifetime.ToArray().Should().Equal(baseline.PDLifetime.ToArray());
    }

    [Fact]
    public void Measure_ReplacementMatrixEqualToTheBase_BitIdenticalToBaseline()
    {
        var (book, terms) = MonotoneBook();
        var options = new ProvisionMeasureOptions { Matrix = Monotone(), ReplacementMatrices = new Dictionary<string, TransitionMatrix> { ["same.csv"] = Monotone() } };
        var measure = new ProvisionMeasure(terms, options);
        var baseline = measure.Measure(Scenario.Baseline.Apply(book));
        var same = measure.Measure(Scenario.Named("same").MigrationMatrix("same.csv").Build().Apply(book));
        same.Ecl.ToArray().Should().Equal(baseline.Ecl.ToArray());
        same.Ecl12Month.ToArray().Should().Equal(baseline.Ecl12Month.ToArray());
        same.EclLifetime.ToArray().Should().Equal(baseline.EclLifetime.ToArray());
    }

    [Fact]
    public void Measure_LowerZ_NeverLowersAnyLoansLifetimePDOrEcl()
    {
        // For a stochastically monotone matrix, M(Z1) dominates M(Z2) row by row when Z1 < Z2 (every tail N((G(C) - sqrt(rho) Z) / sqrt(1 - rho))
        // falls with Z), and products of monotone matrices keep the order: lifetime PDs, stages and ECLs never fall as Z falls.
        var (book, terms) = MonotoneBook();
        var measure = new ProvisionMeasure(terms, new ProvisionMeasureOptions { Matrix = Monotone(), Rho = 0.12 });
        double[] zs = [1, 0, -0.1, -0.5, -1, -2, -3];
        var runs = zs.Select(z => measure.Measure(Scenario.Named("z").MigrationZShift(z, z / 2).Build().Apply(book))).ToArray();
        for (int k = 1; k < runs.Length; k++)
        {
            for (int i = 0; i < book.Count; i++)
            {
                runs[k].PDLifetime[i].Should().BeGreaterThanOrEqualTo(runs[k - 1].PDLifetime[i] * (1 - RoundingSlack), $"loan {i}, Z {zs[k]} vs {zs[k - 1]}");
                runs[k].Ecl[i].Should().BeGreaterThanOrEqualTo(runs[k - 1].Ecl[i] * (1 - RoundingSlack), $"loan {i}, Z {zs[k]} vs {zs[k - 1]}");
                runs[k].Stage[i].Should().BeGreaterThanOrEqualTo(runs[k - 1].Stage[i]);
            }
        }

        runs[^1].Ecl.ToArray().Sum().Should().BeGreaterThan(runs[0].Ecl.ToArray().Sum());
    }

    [Fact]
    public void Measure_DownturnZShift_NeverLowersAnyLoansEclBelowTheBaseline()
    {
        // Against the unconditioned (through-the-cycle) matrix, a Z-shift raises every tail C when sqrt(rho)|Z| >= |G(C)| (1 - sqrt(1 - rho))
        // for every tail C < 1/2 of the matrix; for this matrix (smallest tail 0.01, rho = 0.1) that holds from |Z| >= 0.6.
        var (book, terms) = MonotoneBook();
        var measure = new ProvisionMeasure(terms, new ProvisionMeasureOptions { Matrix = Monotone(), Rho = 0.1 });
        var baseline = measure.Measure(Scenario.Baseline.Apply(book));
        foreach (double z in new[] { -1.0, -1.5, -2.5 })
        {
            var down = measure.Measure(Scenario.Named("down").MigrationZShift(z).Build().Apply(book));
            for (int i = 0; i < book.Count; i++)
            {
                down.PDLifetime[i].Should().BeGreaterThanOrEqualTo(baseline.PDLifetime[i] * (1 - RoundingSlack), $"loan {i}, Z {z}");
                down.Ecl[i].Should().BeGreaterThanOrEqualTo(baseline.Ecl[i] * (1 - RoundingSlack), $"loan {i}, Z {z}");
            }
        }
    }

    [Fact]
    public void Measure_SlightlyNegativeZ_CanLowerAPDBelowTheThroughTheCycleMatrix()
    {
        // The through-the-cycle matrix is the average of the conditional ones over Z ~ N(0, 1), not the one at Z = 0: a small downturn
        // (Z = -0.1) still gives row A a default probability below its TTC 2% (N((G(0.02) + 0.0316) / 0.949) = 1.65%). This is why the
        // "never lower" invariant holds along Z (previous test) and against the baseline only for Z far enough below 0.
        var book = Book(("L1", "r", "A", 1000, 0.4));
        var terms = ProvisionTerms.Create([0.05], [EadProfile.Bullet], [1]);
        var options = new ProvisionMeasureOptions { Matrix = ThreeStates(), Rho = 0.1 };
        var p = Run(book, terms, options, Scenario.Named("mild").MigrationZShift(-0.1).Build());
        p.PD12Month[0].Should().BeLessThan(0.02);
    }

    [Fact]
    public void Measure_LgdAndEadShocks_ScaleTheEcl_PdShocksDoNotAct()
    {
        // ECL is linear in LGD and EAD (ECL = LGD x sum_t dC_t EAD_t DF_t); the book's one-year PD is not an input of the migration ECL.
        var (book, terms) = MonotoneBook();
        var measure = new ProvisionMeasure(terms, new ProvisionMeasureOptions { Matrix = Monotone() });
        var baseline = measure.Measure(Scenario.Baseline.Apply(book));
        var pd = measure.Measure(Scenario.Named("pd").Pd.Multiply(3).Pd.ConditionOnZ(-2).Build().Apply(book));
        pd.Ecl.ToArray().Should().Equal(baseline.Ecl.ToArray());
        var lgd = measure.Measure(Scenario.Named("lgd").Lgd.Multiply(1.5).Ead.Multiply(1.2).Build().Apply(book));
        for (int i = 0; i < book.Count; i++)
        {
            lgd.Stage[i].Should().Be(baseline.Stage[i]);
            lgd.Ecl[i].Should().BeApproximately(baseline.Ecl[i] * 1.5 * 1.2, ClosedFormTolerance * baseline.Ecl[i] * 10);
        }
    }

    [Fact]
    public void Measure_ZShiftWithoutRho_Throws()
    {
        var (book, terms) = MonotoneBook();
        var measure = new ProvisionMeasure(terms, new ProvisionMeasureOptions { Matrix = Monotone() });
        FluentActions.Invoking(() => measure.Measure(Scenario.Named("z").MigrationZShift(-1).Build().Apply(book)))
            .Should().Throw<ArgumentException>().WithMessage("*Rho*");
    }

    [Fact]
    public void Measure_ClassificationNotAState_ThrowsNamingTheLoan()
    {
        var book = Book(("L1", "r", "X", 1000, 0.4));
        var measure = new ProvisionMeasure(ProvisionTerms.Create([0.05], [EadProfile.Bullet], [1]), new ProvisionMeasureOptions { Matrix = ThreeStates() });
        FluentActions.Invoking(() => measure.Measure(Scenario.Baseline.Apply(book))).Should().Throw<ArgumentException>().WithMessage("*loan 1 (L1): 'X'*");
    }

    [Fact]
    public void Evaluate_Figures_AddUpToTheEclAndTheStageMix()
    {
        var (book, terms) = MonotoneBook();
        var measure = new ProvisionMeasure(terms, new ProvisionMeasureOptions { Matrix = Monotone() });
        var stressed = Scenario.Baseline.Apply(book);
        var f = measure.Evaluate(stressed, PortfolioValuation.Run(stressed.Book));
        var p = measure.Measure(stressed);
        measure.Figures.Should().Equal("ecl", "ecl_stage1", "ecl_stage2", "ecl_stage3", "loans_stage1", "loans_stage2", "loans_stage3", "ead_stage1", "ead_stage2", "ead_stage3");
        for (int i = 0; i < book.Count; i++)
        {
            (f[1][i] + f[2][i] + f[3][i]).Should().Be(f[0][i]);
            (f[4][i] + f[5][i] + f[6][i]).Should().Be(1);
            f[3 + p.Stage[i]][i].Should().Be(1);
            f[6 + p.Stage[i]][i].Should().Be(book.Ead[i]);
        }
    }

    [Fact]
    public void Apply_CcfShock_EadIsDrawnPlusCcfTimesUndrawnForTheSelectedLoans()
    {
        var book = Book(("L1", "r", "A", 1000, 0.4), ("L2", "s", "A", 900, 0.4), ("L3", "r", "A", 700, 0.4))
            .WithDrawnAndUndrawn([800, 600, 700], [400, 500, 0]);
        var stressed = Scenario.Named("ccf").Where("segment", "r").Ead.Ccf(0.9).Build().Apply(book);
        stressed.Book.Ead.ToArray().Should().Equal(800 + (0.9 * 400), 900, 700 + (0.9 * 0));
        stressed.Reports[0].LoansSelected.Should().Be(2);
        stressed.Book.HasDrawnAndUndrawn.Should().BeTrue();
        stressed.Book.Drawn.ToArray().Should().Equal(800, 600, 700);
    }

    [Fact]
    public void Apply_CcfShockOnABookWithoutUndrawn_Throws()
    {
        var book = Book(("L1", "r", "A", 1000, 0.4));
        FluentActions.Invoking(() => Scenario.Named("ccf").Ead.Ccf(0.5).Build().Apply(book)).Should().Throw<ArgumentException>().WithMessage("*drawn and undrawn*");
        FluentActions.Invoking(() => Scenario.Named("ccf").Ead.Ccf(1.5)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Scenario.Named("ccf").Pd.Ccf(0.5)).Should().Throw<ArgumentException>();
    }

    /// <summary>A second three-state matrix for per-segment tests, with a riskier row A (default 5%) than <see cref="ThreeStates"/>.</summary>
    private static TransitionMatrix RiskierThreeStates() => TransitionMatrix.Create(s_abd, new[,] { { 0.85, 0.10, 0.05 }, { 0.2, 0.5, 0.3 }, { 0, 0, 1 } });

    /// <summary>The Belkin-Suchower-Forest conditional tail C(Z) = N((G(C) - sqrt(rho) Z) / sqrt(1 - rho)), computed here from its definition.</summary>
    private static double Tail(double c, double rho, double z) => NormalDistribution.Cdf((NormalDistribution.InverseCdf(c) - (Math.Sqrt(rho) * z)) / Math.Sqrt(1 - rho));

    /// <summary>Two-year cumulative PD from state A of a three-state chain A, B, D under Z_1 then Z_2, by hand:
    /// C(2) = m_AD(Z1) + m_AA(Z1) m_AD(Z2) + m_AB(Z1) m_BD(Z2), with m_AD = C_AD(Z), m_AB = C_AB(Z) - C_AD(Z), m_AA = 1 - C_AB(Z),
    /// m_BD = C_BD(Z) and the tails C_AB = p_AB + p_AD, C_AD = p_AD, C_BD = p_BD of the through-the-cycle matrix.</summary>
    private static double TwoYearPD(double pAB, double pAD, double pBD, double rho, double z1, double z2)
    {
        double ad1 = Tail(pAD, rho, z1), ab1 = Tail(pAB + pAD, rho, z1) - ad1, aa1 = 1 - Tail(pAB + pAD, rho, z1);
        return ad1 + (aa1 * Tail(pAD, rho, z2)) + (ab1 * Tail(pBD, rho, z2));
    }

    [Fact]
    public void Measure_ZShiftWithSegmentMatrices_EachLoanIsTheClosedFormOfItsSegmentsMatrix()
    {
        // One loan in each of two segments with different matrices (r: A defaults 2%, c: 5%), and one in a segment without its own
        // matrix (x: the fallback, the riskier one); two-year bullets, Z = (-1.5, -0.5), rho = 0.1.
        const double Rho = 0.1, Z1 = -1.5, Z2 = -0.5;
        var book = Book(("R1", "r", "A", 1000, 0.4), ("C1", "c", "A", 2000, 0.3), ("X1", "x", "A", 500, 0.5));
        var terms = ProvisionTerms.Create([0.05, 0.04, 0.03], [EadProfile.Bullet, EadProfile.Bullet, EadProfile.Bullet], [2, 2, 2]);
        var options = new ProvisionMeasureOptions
        {
            Matrix = RiskierThreeStates(),
            SegmentMatrices = new Dictionary<string, TransitionMatrix> { ["r"] = ThreeStates(), ["c"] = RiskierThreeStates() },
            Rho = Rho,
        };
        var measure = new ProvisionMeasure(terms, options);
        var p = measure.Measure(Scenario.Named("down").MigrationZShift(Z1, Z2).Build().Apply(book));
        double[] pd12 = [Tail(0.02, Rho, Z1), Tail(0.05, Rho, Z1), Tail(0.05, Rho, Z1)];
        double[] pdLife = [TwoYearPD(0.08, 0.02, 0.2, Rho, Z1, Z2), TwoYearPD(0.10, 0.05, 0.3, Rho, Z1, Z2), TwoYearPD(0.10, 0.05, 0.3, Rho, Z1, Z2)];
        double[] eir = [0.05, 0.04, 0.03], lgdEad = [400, 600, 250];
        for (int i = 0; i < 3; i++)
        {
            p.PD12Month[i].Should().BeApproximately(pd12[i], ClosedFormTolerance, book.LoanId[i]);
            p.PDLifetime[i].Should().BeApproximately(pdLife[i], ClosedFormTolerance, book.LoanId[i]);
            // ECL_life = LGD EAD (C(1) / (1 + EIR) + (C(2) - C(1)) / (1 + EIR)^2) for a bullet (docs/provisions.md).
            double life = lgdEad[i] * ((pd12[i] / (1 + eir[i])) + ((pdLife[i] - pd12[i]) / ((1 + eir[i]) * (1 + eir[i]))));
            p.EclLifetime[i].Should().BeApproximately(life, ClosedFormTolerance * 1000, book.LoanId[i]);
        }

        // The baseline uses each segment's matrix unconditioned: C(1) is the matrix's p_AD.
        var baseline = measure.Measure(Scenario.Baseline.Apply(book));
        baseline.PD12Month.ToArray().Should().Equal(0.02, 0.05, 0.05);
    }

    [Fact]
    public void Measure_SegmentMatrices_IdentityScenarioBitIdenticalAndReplacementActsOnEverySegment()
    {
        var (book, terms) = MonotoneBook();
        var replacement = TransitionMatrix.Create(Monotone().States, new[,] { { 0.7, 0.1, 0.1, 0.1 }, { 0.1, 0.6, 0.1, 0.2 }, { 0.05, 0.05, 0.6, 0.3 }, { 0, 0, 0, 1 } });
        var measure = new ProvisionMeasure(terms, new ProvisionMeasureOptions
        {
            SegmentMatrices = new Dictionary<string, TransitionMatrix> { ["x"] = Monotone(), ["y"] = ZShift.Condition(Monotone(), 0.1, -1) },
            ReplacementMatrices = new Dictionary<string, TransitionMatrix> { ["r.csv"] = replacement },
        });
        var baseline = measure.Measure(Scenario.Baseline.Apply(book));
        var identity = measure.Measure(Scenario.Named("id").Pd.Multiply(1).Lgd.Add(0).Build().Apply(book));
        identity.Ecl.ToArray().Should().Equal(baseline.Ecl.ToArray());
        identity.PDLifetime.ToArray().Should().Equal(baseline.PDLifetime.ToArray());

        // A replacement replaces both segments' matrices: every loan's 12-month PD is the replacement's default column (terms >= 1 year).
        var replaced = measure.Measure(Scenario.Named("r").MigrationMatrix("r.csv").Build().Apply(book));
        for (int i = 0; i < book.Count; i++)
        {
            if (terms.RemainingYears[i] >= 1 && book.Classification[i] != "D")
            {
                replaced.PD12Month[i].Should().BeApproximately(replacement[Monotone().States.IndexOf(book.Classification[i]), 3], ClosedFormTolerance, book.LoanId[i]);
            }
        }
    }

    [Fact]
    public void Measure_SegmentWithoutMatrixAndNoFallback_ThrowsNamingTheSegment()
    {
        var book = Book(("L1", "r", "A", 1000, 0.4), ("L2", "corp", "A", 1000, 0.4), ("L3", "sme", "A", 1000, 0.4));
        var measure = new ProvisionMeasure(ProvisionTerms.Create([0.05, 0.05, 0.05], [EadProfile.Bullet, EadProfile.Bullet, EadProfile.Bullet], [1, 1, 1]),
            new ProvisionMeasureOptions { SegmentMatrices = new Dictionary<string, TransitionMatrix> { ["r"] = ThreeStates() } });
        FluentActions.Invoking(() => measure.Measure(Scenario.Baseline.Apply(book))).Should().Throw<ArgumentException>()
            .WithMessage("*no migration matrix and no fallback*'corp', 'sme'*");
    }

    [Fact]
    public void Measure_ClassificationNotAStateOfItsSegmentsMatrix_ThrowsNamingLoanAndSegment()
    {
        // C is a state of segment y's four-state matrix, not of segment r's three-state one.
        var book = Book(("L1", "y", "C", 1000, 0.4), ("L2", "r", "C", 1000, 0.4));
        var measure = new ProvisionMeasure(ProvisionTerms.Create([0.05, 0.05], [EadProfile.Bullet, EadProfile.Bullet], [1, 1]),
            new ProvisionMeasureOptions { SegmentMatrices = new Dictionary<string, TransitionMatrix> { ["r"] = ThreeStates(), ["y"] = Monotone() } });
        FluentActions.Invoking(() => measure.Measure(Scenario.Baseline.Apply(book))).Should().Throw<ArgumentException>()
            .WithMessage("*loan 2 (L2): 'C' (segment 'r': A,B,D)*").Which.Message.Should().NotContain("L1");
    }

    [Fact]
    public void Constructor_NoMatrixOrReplacementOnAnotherSegmentsStates_Throws()
    {
        var terms = ProvisionTerms.Create([0.05], [EadProfile.Bullet], [1]);
        FluentActions.Invoking(() => new ProvisionMeasure(terms, new ProvisionMeasureOptions())).Should().Throw<ArgumentException>().WithMessage("*SegmentMatrices*");
        FluentActions.Invoking(() => new ProvisionMeasure(terms, new ProvisionMeasureOptions
        {
            Matrix = ThreeStates(),
            SegmentMatrices = new Dictionary<string, TransitionMatrix> { ["y"] = Monotone() },
            ReplacementMatrices = new Dictionary<string, TransitionMatrix> { ["r.csv"] = ThreeStates() },
        })).Should().Throw<ArgumentException>().WithMessage("*'r.csv'*segment 'y'*");
    }
}
