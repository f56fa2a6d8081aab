using ValueCore.Internal;

namespace ValueCore.Provisions;

/// <summary>IFRS 9 staging of one loan: stage 3 when credit-impaired, stage 2 on a significant increase in credit risk, stage 1 otherwise.</summary>
public static class Staging
{
    /// <summary>Assigns the stage of a loan; the first rule that applies wins, in this order: override, default state,
    /// days past due above the credit-impaired threshold, watch state, days past due above the SICR threshold, lifetime-PD test.</summary>
    /// <param name="overrideStage">The stage given by the book (1, 2 or 3), or 0 for none.</param>
    /// <param name="inDefaultState">Whether the loan's classification is a default state.</param>
    /// <param name="inWatchState">Whether the classification is a watch state (special mention or a configured one).</param>
    /// <param name="daysPastDue">Days past due, &gt;= 0; NaN when not known (the rules on it are skipped).</param>
    /// <param name="lifetimePD">The lifetime PD now over the remaining life, in [0, 1].</param>
    /// <param name="originationPD">The lifetime PD for the same remaining life as expected at origination, in [0, 1]; NaN when not known (the test is skipped).</param>
    /// <param name="rules">The thresholds; null for <see cref="StagingRules.Default"/>.</param>
    /// <returns>The stage and the reason.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument or a rule threshold is outside its range.</exception>
    /// <remarks>Lifetime-PD test (IFRS 9 B5.5.11-13; the comparison is over the remaining life, B5.5.11): stage 2 when
    /// PD_now &gt; r x PD_orig and PD_now - PD_orig &gt; a, with r = <see cref="StagingRules.RelativeThreshold"/>,
    /// a = <see cref="StagingRules.AbsoluteThreshold"/>. Days past due: IFRS 9 5.5.11 (30) and B5.5.37 (90).</remarks>
    public static StageAssignment Assign(int overrideStage, bool inDefaultState, bool inWatchState, double daysPastDue,
        double lifetimePD, double originationPD, StagingRules? rules = null)
    {
        rules ??= StagingRules.Default;
        if (!(rules.RelativeThreshold >= 1 && double.IsFinite(rules.RelativeThreshold)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(rules), rules.RelativeThreshold, "RelativeThreshold in [1, inf)");
        }

        if (!(rules.AbsoluteThreshold >= 0 && rules.AbsoluteThreshold < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(rules), rules.AbsoluteThreshold, "AbsoluteThreshold in [0, 1)");
        }

        if (!(rules.SicrDaysPastDue >= 0 && rules.CreditImpairedDaysPastDue >= 0 && double.IsFinite(rules.SicrDaysPastDue + rules.CreditImpairedDaysPastDue)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(rules), "rules: the days-past-due thresholds must be finite and >= 0.");
        }
        if (overrideStage is < 0 or > 3)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(overrideStage), overrideStage, "{0, 1, 2, 3}");
        }

        if (daysPastDue < 0 || double.IsPositiveInfinity(daysPastDue))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(daysPastDue), daysPastDue, "[0, inf) or NaN");
        }

        if (!(lifetimePD >= 0 && lifetimePD <= 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(lifetimePD), lifetimePD, "[0, 1]");
        }

        if (!(originationPD >= 0 && originationPD <= 1) && !double.IsNaN(originationPD))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(originationPD), originationPD, "[0, 1] or NaN");
        }

        if (overrideStage != 0)
        {
            return new StageAssignment(overrideStage, StageReason.Override);
        }

        if (inDefaultState)
        {
            return new StageAssignment(3, StageReason.DefaultState);
        }

        if (daysPastDue > rules.CreditImpairedDaysPastDue)
        {
            return new StageAssignment(3, StageReason.DaysPastDue90);
        }

        if (inWatchState)
        {
            return new StageAssignment(2, StageReason.WatchState);
        }

        if (daysPastDue > rules.SicrDaysPastDue)
        {
            return new StageAssignment(2, StageReason.DaysPastDue30);
        }

        if (!double.IsNaN(originationPD) && lifetimePD > rules.RelativeThreshold * originationPD
            && lifetimePD - originationPD > rules.AbsoluteThreshold)
        {
            return new StageAssignment(2, StageReason.LifetimePDIncrease);
        }

        return new StageAssignment(1, StageReason.Performing);
    }
}
