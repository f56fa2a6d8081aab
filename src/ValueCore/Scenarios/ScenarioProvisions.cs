using ValueCore.Provisions;

namespace ValueCore.Scenarios;

/// <summary>The IFRS 9 staging and expected credit loss of every loan of one stressed book (<see cref="ProvisionMeasure.Measure"/>),
/// columnar, in book order.</summary>
public sealed class ScenarioProvisions
{
    internal ScenarioProvisions(StressedBook input, ProvisionTerms terms, int[] stage, StageReason[] reason, double[] pd12, double[] pdLife,
        double[] ecl12, double[] eclLife, double[] ecl, double[] lgd)
    {
        _lgd = lgd;
        Input = input;
        Terms = terms;
        _stage = stage;
        _reason = reason;
        _pd12 = pd12;
        _pdLife = pdLife;
        _ecl12 = ecl12;
        _eclLife = eclLife;
        _ecl = ecl;
    }

    private readonly int[] _stage;
    private readonly StageReason[] _reason;
    private readonly double[] _pd12;
    private readonly double[] _pdLife;
    private readonly double[] _ecl12;
    private readonly double[] _eclLife;
    private readonly double[] _ecl;
    private readonly double[] _lgd;

    /// <summary>The LGD the ECL used per loan: the loan's ECL LGD (<see cref="ProvisionTerms.EclLgd"/>) under the scenario's LGD
    /// shocks, else the stressed book's LGD.</summary>
    public ReadOnlySpan<double> Lgd => _lgd;

    /// <summary>The stressed book measured (its EAD is the one used; its LGD where the loan has no ECL LGD, see <see cref="Lgd"/>).</summary>
    public StressedBook Input { get; }

    /// <summary>The contract and staging inputs (remaining terms, EIRs, ...).</summary>
    public ProvisionTerms Terms { get; }

    /// <summary>The number of loans.</summary>
    public int Count => _stage.Length;

    /// <summary>IFRS 9 stage (1, 2, 3) per loan.</summary>
    public ReadOnlySpan<int> Stage => _stage;

    /// <summary>The rule that set each stage.</summary>
    public ReadOnlySpan<StageReason> Reason => _reason;

    /// <summary>Cumulative PD over min(1 year, remaining term), from the scenario's migration model.</summary>
    public ReadOnlySpan<double> PD12Month => _pd12;

    /// <summary>Cumulative PD over the remaining term, from the scenario's migration model.</summary>
    public ReadOnlySpan<double> PDLifetime => _pdLife;

    /// <summary>12-month ECL (currency).</summary>
    public ReadOnlySpan<double> Ecl12Month => _ecl12;

    /// <summary>Lifetime ECL (currency).</summary>
    public ReadOnlySpan<double> EclLifetime => _eclLife;

    /// <summary>The allowance: stage 1 the 12-month ECL, stage 2 the lifetime ECL, stage 3 the impairment when given else LGD x EAD (currency).</summary>
    public ReadOnlySpan<double> Ecl => _ecl;
}
